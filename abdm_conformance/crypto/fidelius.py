"""ABDM health-data encryption, byte-compatible with Fidelius (mgrmtech/fidelius-cli).

ABDM's reference code does ECDH on BouncyCastle's named curve "curve25519", which is the
short-Weierstrass form of Curve25519 used with generic EC arithmetic, not X25519: scalars
are not clamped and the shared secret is the Weierstrass x-coordinate. No maintained Python
library offers that curve, so the group arithmetic lives here and `cryptography` does the
rest (HKDF-SHA256, AES-256-GCM).

Every encoding mirrors what the Java side produces or accepts (see
shared/reference/fidelius-and-fhir.md part A); where Fidelius would accept something the
ABDM specification does not allow (a nonce that is not 32 bytes, a compressed point), this
module rejects it so the harness can report it.

The arithmetic is not constant-time. It handles the harness's own ephemeral test keys;
timing side channels are out of scope.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = [
    "FideliusCiphertextError",
    "FideliusError",
    "FideliusKeyError",
    "FideliusNonceError",
    "FideliusPlaintextError",
    "KeyMaterial",
    "checksum",
    "decrypt",
    "encrypt",
    "generate_key_material",
]


class FideliusError(ValueError):
    """Any input the reference implementation would not turn into a valid result."""


class FideliusKeyError(FideliusError):
    """A private or public key that is malformed, out of range or not on the curve."""


class FideliusNonceError(FideliusError):
    """A nonce that is not base64 of exactly 32 bytes."""


class FideliusCiphertextError(FideliusError):
    """Content that is malformed or fails the GCM tag check (wrong key, nonce or tampering)."""


class FideliusPlaintextError(FideliusError):
    """Text that has no UTF-8 form, or authenticated bytes that are not UTF-8.

    Fidelius uses the JVM default charset; a peer on a non-UTF-8 JVM produces bytes that
    decrypt correctly but do not decode, which is a finding distinct from tampering.
    """


# --- Curve: Montgomery v^2 = u^3 + 486662 u^2 + u mapped by x = u + A/3 -------------------
# Derived rather than copied so the mapping is visible; the tests pin the result against
# BouncyCastle's constants through the X.509 prefix in the vector file.

_P = 2**255 - 19
_MONTGOMERY_A = 486662
_A_OVER_3 = _MONTGOMERY_A * pow(3, -1, _P) % _P
_A = (3 - _MONTGOMERY_A**2) * pow(3, -1, _P) % _P
_B = (2 * _MONTGOMERY_A**3 - 9 * _MONTGOMERY_A) * pow(27, -1, _P) % _P
_GX = (9 + _A_OVER_3) % _P  # the Curve25519 base point u = 9; its v is y unchanged
_GY = 0x20AE19A1B8A086B4E01EDD2C7748D14C923D4D7E6D7C61B229E9C5A27ECED3D9
_N = 2**252 + 27742317777372353535851937790883648493
_COFACTOR = 8
_N_BITS = _N.bit_length()

_FIELD_BYTES = 32
_NONCE_BYTES = 32
_TAG_BYTES = 16
_RAW_POINT_BYTES = 1 + 2 * _FIELD_BYTES
# Fidelius reads a public key as a raw point iff its base64 is exactly this long, else as X.509.
_RAW_POINT_B64_CHARS = 88

_Point = tuple[int, int, int]  # Jacobian (X, Y, Z): x = X/Z^2, y = Y/Z^3; Z == 0 is infinity
_INFINITY: _Point = (1, 1, 0)
_G: _Point = (_GX, _GY, 1)


def _on_curve(x: int, y: int) -> bool:
    return (y * y - (x * x * x + _A * x + _B)) % _P == 0


if not _on_curve(_GX, _GY):
    raise RuntimeError("curve25519 base point is not on the derived Weierstrass curve")


def _double(pt: _Point) -> _Point:
    x, y, z = pt
    if z == 0 or y == 0:  # y == 0 is a point of order 2
        return _INFINITY
    yy = y * y % _P
    s = 4 * x * yy % _P
    zz = z * z % _P
    m = (3 * x * x + _A * zz * zz) % _P  # a != -3, so the generic doubling formula
    x3 = (m * m - 2 * s) % _P
    return x3, (m * (s - x3) - 8 * yy * yy) % _P, 2 * y * z % _P


def _add(p1: _Point, p2: _Point) -> _Point:
    """Complete addition: handles infinity and equal/opposite inputs, which the subgroup
    check meets when fed a small-order point."""
    x1, y1, z1 = p1
    x2, y2, z2 = p2
    if z1 == 0:
        return p2
    if z2 == 0:
        return p1
    z1z1 = z1 * z1 % _P
    z2z2 = z2 * z2 % _P
    u1 = x1 * z2z2 % _P
    u2 = x2 * z1z1 % _P
    s1 = y1 * z2 * z2z2 % _P
    s2 = y2 * z1 * z1z1 % _P
    h = (u2 - u1) % _P
    r = (s2 - s1) % _P
    if h == 0:
        return _double(p1) if r == 0 else _INFINITY
    hh = h * h % _P
    hhh = h * hh % _P
    v = u1 * hh % _P
    x3 = (r * r - hhh - 2 * v) % _P
    return x3, (r * (v - x3) - s1 * hhh) % _P, z1 * z2 * h % _P


def _multiply(k: int, pt: _Point) -> _Point:
    """Montgomery ladder over a fixed bit count (k < 2**253): one add and one double per bit."""
    r0, r1 = _INFINITY, pt
    for i in reversed(range(_N_BITS)):
        if (k >> i) & 1:
            r0, r1 = _add(r0, r1), _double(r1)
        else:
            r0, r1 = _double(r0), _add(r0, r1)
    return r0


def _affine(pt: _Point) -> tuple[int, int]:
    x, y, z = pt
    z_inv = pow(z, -1, _P)
    z_inv2 = z_inv * z_inv % _P
    return x * z_inv2 % _P, y * z_inv2 * z_inv % _P


# --- Encodings -----------------------------------------------------------------------------


def _b64decode(value: str, what: str, error: type[FideliusError]) -> bytes:
    # Strict (no whitespace, padding required): ABDM values are single-line standard base64.
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise error(f"{what} is not valid base64: {exc}") from None


def _b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _java_bigint_bytes(value: int) -> bytes:
    """Java BigInteger.toByteArray(): minimal big-endian two's complement, so a scalar below
    2**247 takes 31 bytes and one of exactly 248 bits gets a 0x00 sign byte (32 bytes).
    Used for private keys and DER INTEGERs alike."""
    return value.to_bytes(value.bit_length() // 8 + 1, "big", signed=True)


def _der(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + content


def _read_der(data: bytes, pos: int) -> tuple[int, bytes, int]:
    """One DER TLV at `pos`: (tag, content, position after it)."""
    if pos + 2 > len(data):
        raise FideliusKeyError("X.509 public key: truncated DER")
    tag, first = data[pos], data[pos + 1]
    pos += 2
    if first & 0x80:
        count = first & 0x7F
        if not 1 <= count <= 2 or pos + count > len(data):
            raise FideliusKeyError("X.509 public key: bad DER length")
        size = int.from_bytes(data[pos : pos + count], "big")
        pos += count
    else:
        size = first
    if pos + size > len(data):
        raise FideliusKeyError("X.509 public key: truncated DER")
    return tag, data[pos : pos + size], pos + size


_SEQUENCE, _INTEGER, _BIT_STRING, _OCTET_STRING = 0x30, 0x02, 0x03, 0x04
_ID_EC_PUBLIC_KEY = bytes.fromhex("06072a8648ce3d0201")  # OID 1.2.840.10045.2.1
_ID_PRIME_FIELD = bytes.fromhex("06072a8648ce3d0101")  # OID 1.2.840.10045.1.1

# BouncyCastle writes the curve as explicit ECParameters (version 1, no seed), not an OID.
_ALGORITHM_IDENTIFIER = _der(
    _SEQUENCE,
    _ID_EC_PUBLIC_KEY
    + _der(
        _SEQUENCE,
        _der(_INTEGER, b"\x01")
        + _der(_SEQUENCE, _ID_PRIME_FIELD + _der(_INTEGER, _java_bigint_bytes(_P)))
        + _der(
            _SEQUENCE,
            _der(_OCTET_STRING, _A.to_bytes(_FIELD_BYTES, "big"))
            + _der(_OCTET_STRING, _B.to_bytes(_FIELD_BYTES, "big")),
        )
        + _der(_OCTET_STRING, b"\x04" + _GX.to_bytes(_FIELD_BYTES, "big") + _GY.to_bytes(_FIELD_BYTES, "big"))
        + _der(_INTEGER, _java_bigint_bytes(_N))
        + _der(_INTEGER, _java_bigint_bytes(_COFACTOR)),
    ),
)


def _encode_spki(raw_point: bytes) -> bytes:
    return _der(_SEQUENCE, _ALGORITHM_IDENTIFIER + _der(_BIT_STRING, b"\x00" + raw_point))


def _point_from_spki(der: bytes) -> bytes:
    tag, body, end = _read_der(der, 0)
    if tag != _SEQUENCE or end != len(der):
        raise FideliusKeyError("X.509 public key: not a single DER SEQUENCE")
    _, _, algorithm_end = _read_der(body, 0)
    if body[:algorithm_end] != _ALGORITHM_IDENTIFIER:
        raise FideliusKeyError(
            "X.509 public key: algorithm is not id-ecPublicKey with BouncyCastle curve25519's explicit parameters"
        )
    tag, bits, end = _read_der(body, algorithm_end)
    if tag != _BIT_STRING or end != len(body) or not bits or bits[0] != 0:
        raise FideliusKeyError("X.509 public key: subjectPublicKey is not a whole-byte BIT STRING")
    return bits[1:]


def _decode_point(raw: bytes) -> _Point:
    """SEC1 uncompressed point, validated as BouncyCastle's decodePoint does."""
    if raw == b"\x00":
        raise FideliusKeyError("public key is the point at infinity")
    if len(raw) != _RAW_POINT_BYTES or raw[0] != 0x04:
        raise FideliusKeyError(
            f"public key must be a {_RAW_POINT_BYTES}-byte uncompressed point 04||X||Y, "
            f"got {len(raw)} bytes starting 0x{raw[:1].hex() or '--'} (compressed points are not accepted)"
        )
    x = int.from_bytes(raw[1 : 1 + _FIELD_BYTES], "big")
    y = int.from_bytes(raw[1 + _FIELD_BYTES :], "big")
    if x >= _P or y >= _P:
        raise FideliusKeyError("public key coordinate is not below the field prime")
    if not _on_curve(x, y):
        raise FideliusKeyError("public key point is not on curve25519 (Weierstrass form)")
    point = (x, y, 1)
    # BouncyCastle checks n·Q = O on decode (cofactor 8), so small-order components are refused
    # there too; it also makes d·Q equal to BC's (d/h mod n)·(h·Q) agreement.
    if _multiply(_N, point)[2] != 0:
        raise FideliusKeyError("public key point is not in the prime-order subgroup")
    return point


def _decode_public_key(value: str) -> _Point:
    raw = _b64decode(value, "public key", FideliusKeyError)
    if len(value) == _RAW_POINT_B64_CHARS:
        return _decode_point(raw)
    try:
        point = _point_from_spki(raw)
    except FideliusKeyError as exc:
        raise FideliusKeyError(
            f"{exc} (as in Fidelius, only a value of exactly {_RAW_POINT_B64_CHARS} base64 characters "
            "is read as a raw point; anything else must be X.509)"
        ) from None
    return _decode_point(point)


def _decode_private_key(value: str) -> int:
    raw = _b64decode(value, "private key", FideliusKeyError)
    if not raw:
        raise FideliusKeyError("private key is empty")
    # Java's `new BigInteger(bytes)`: signed, any length, so 31-byte keys and sign bytes are fine.
    d = int.from_bytes(raw, "big", signed=True)
    if not 1 <= d < _N:
        raise FideliusKeyError("private key scalar must be in [1, n-1] (read as signed big-endian, as Java does)")
    return d


def _decode_nonce(value: str, what: str) -> bytes:
    raw = _b64decode(value, what, FideliusNonceError)
    if len(raw) != _NONCE_BYTES:
        # Fidelius would cycle or truncate other lengths; ABDM fixes 32 bytes.
        raise FideliusNonceError(f"{what} must be {_NONCE_BYTES} bytes, got {len(raw)}")
    return raw


def _encode_point(pt: _Point) -> bytes:
    x, y = _affine(pt)
    return b"\x04" + x.to_bytes(_FIELD_BYTES, "big") + y.to_bytes(_FIELD_BYTES, "big")


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise FideliusPlaintextError(f"plaintext has no UTF-8 form: {exc}") from None


# --- Scheme --------------------------------------------------------------------------------


def _session_cipher(private_key: str, public_key: str, sender_nonce: str, requester_nonce: str) -> tuple[AESGCM, bytes]:
    """AES key and GCM IV shared by both sides; returns (cipher, iv)."""
    mixed = bytes(
        s ^ r
        for s, r in zip(
            _decode_nonce(sender_nonce, "sender nonce"),
            _decode_nonce(requester_nonce, "requester nonce"),
            strict=True,
        )
    )
    d = _decode_private_key(private_key)
    peer = _decode_public_key(public_key)
    # Fixed width: BouncyCastle pads the agreement to the field size, so leading zeros stay.
    shared = _affine(_multiply(d, peer))[0].to_bytes(_FIELD_BYTES, "big")
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=mixed[:20], info=None).derive(shared)
    return AESGCM(key), mixed[-12:]


@dataclass(frozen=True)
class KeyMaterial:
    """One party's ephemeral key pair and nonce, encoded as `fidelius-cli gkm` prints them."""

    private_key: str
    public_key: str
    x509_public_key: str
    nonce: str


def generate_key_material() -> KeyMaterial:
    """Fresh key pair and nonce. Send `public_key` (raw) as HIU and `x509_public_key` as HIP:
    those are the only forms NHA's wrapper accepts in each direction."""
    d = secrets.randbelow(_N - 1) + 1
    raw = _encode_point(_multiply(d, _G))
    return KeyMaterial(
        private_key=_b64encode(_java_bigint_bytes(d)),
        public_key=_b64encode(raw),
        x509_public_key=_b64encode(_encode_spki(raw)),
        nonce=_b64encode(secrets.token_bytes(_NONCE_BYTES)),
    )


def encrypt(
    plaintext: str,
    *,
    sender_private_key: str,
    sender_nonce: str,
    requester_public_key: str,
    requester_nonce: str,
) -> str:
    """HIP side: base64(ciphertext || tag) of the UTF-8 plaintext, the push entry's `content`.
    `requester_public_key` may be raw (88 base64 characters) or X.509."""
    data = _utf8(plaintext)
    cipher, iv = _session_cipher(sender_private_key, requester_public_key, sender_nonce, requester_nonce)
    return _b64encode(cipher.encrypt(iv, data, None))


def decrypt(
    content: str,
    *,
    receiver_private_key: str,
    receiver_nonce: str,
    sender_public_key: str,
    sender_nonce: str,
) -> str:
    """HIU side: the plaintext of a push entry's `content`, after verifying the GCM tag
    (Fidelius itself prints "" on a bad tag and exits 0, so its status proves nothing)."""
    blob = _b64decode(content, "content", FideliusCiphertextError)
    if len(blob) < _TAG_BYTES:
        raise FideliusCiphertextError(f"content is {len(blob)} bytes, shorter than the {_TAG_BYTES}-byte GCM tag")
    cipher, iv = _session_cipher(receiver_private_key, sender_public_key, sender_nonce, receiver_nonce)
    try:
        data = cipher.decrypt(iv, blob, None)
    except InvalidTag:
        raise FideliusCiphertextError("GCM tag check failed: wrong key or nonce, or tampered content") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FideliusPlaintextError(f"authenticated plaintext is not UTF-8: {exc}") from None


def check_key_material(public_key: str, nonce: str) -> None:
    """Raise a FideliusError unless the public key (raw or X.509) is a usable curve point and the
    nonce 32 bytes: what a peer must check before encrypting for them."""
    _decode_public_key(public_key)
    _decode_nonce(nonce, "nonce")


def checksum(plaintext: str) -> str:
    """base64(MD5(UTF-8 plaintext)), the push entry's `checksum`. MD5 is ABDM's choice and
    only detects corruption; the GCM tag is what authenticates."""
    return _b64encode(hashlib.md5(_utf8(plaintext), usedforsecurity=False).digest())
