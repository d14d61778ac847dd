"""ABDM's health-data encryption, computed exactly as the Fidelius reference implementation does.

- ECDH on BouncyCastle's "curve25519": the short-Weierstrass form of Curve25519. It is not
  X25519 (no clamping; the shared secret is the Weierstrass x-coordinate), so the X25519 of
  common libraries gives other bytes. The curve arithmetic below is plain Python.
- The shared secret is that x-coordinate as exactly 32 big-endian bytes, leading zeros kept.
- The two 32-byte nonces are XORed: the first 20 bytes salt HKDF-SHA256 (no info, 32-byte
  key), the last 12 are the AES-256-GCM IV. The output is ciphertext || 16-byte tag.

Keys travel in Fidelius's formats: a public key as base64 of the 65-byte uncompressed point
(88 characters) or of an X.509 SubjectPublicKeyInfo with explicit curve parameters; a private
key as base64 of Java's BigInteger.toByteArray() (signed, minimal length).
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# Domain parameters of BouncyCastle's "curve25519" (y² = x³ + ax + b over GF(p)).
P = 2**255 - 19
A = 0x2AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA984914A144
B = 0x7B425ED097B425ED097B425ED097B425ED097B425ED097B4260B5E9C7710C864
G = (
    0x2AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAD245A,
    0x20AE19A1B8A086B4E01EDD2C7748D14C923D4D7E6D7C61B229E9C5A27ECED3D9,
)
N = 2**252 + 27742317777372353535851937790883648493  # order of G
COFACTOR = 8

NONCE_BYTES = 32
RAW_PUBLIC_KEY_CHARS = 88  # base64 of 65 bytes; Fidelius reads any other length as X.509
GCM_TAG_BYTES = 16

Point = tuple[int, int] | None  # None is the point at infinity


@dataclass(frozen=True)
class KeyPair:
    private_key: int
    public_key: str  # base64 of the uncompressed point, as keyMaterial.dhPublicKey.keyValue carries it

    @classmethod
    def from_private_key(cls, private_key: int) -> KeyPair:
        return cls(private_key, encode_public_key(_multiply(private_key, G)))


def generate_key_pair() -> KeyPair:
    return KeyPair.from_private_key(secrets.randbelow(N - 1) + 1)  # d in [1, n-1]


def generate_nonce() -> bytes:
    return secrets.token_bytes(NONCE_BYTES)


def encrypt(
    plaintext: bytes, *, sender_private_key: int, sender_nonce: bytes, requester_public_key: str, requester_nonce: bytes
) -> bytes:
    """AES-256-GCM ciphertext || tag; the sender (HIP) encrypts for the requester (HIU)."""
    aes, iv = _cipher(sender_private_key, requester_public_key, sender_nonce, requester_nonce)
    return aes.encrypt(iv, plaintext, None)


def decrypt(
    encrypted: bytes, *, requester_private_key: int, requester_nonce: bytes, sender_public_key: str, sender_nonce: bytes
) -> bytes:
    """The plaintext; raises cryptography.exceptions.InvalidTag if anything was altered."""
    aes, iv = _cipher(requester_private_key, sender_public_key, sender_nonce, requester_nonce)
    return aes.decrypt(iv, encrypted, None)


def encode_public_key(point: Point) -> str:
    return base64.b64encode(_point_bytes(point)).decode("ascii")


def decode_public_key(text: str) -> tuple[int, int]:
    """A point on the curve from either key format; ValueError if it is neither, or off the curve."""
    data = base64.b64decode(text, validate=True)
    if len(text) != RAW_PUBLIC_KEY_CHARS:
        if len(data) != len(X509_PREFIX) + 65 or not data.startswith(X509_PREFIX):
            raise ValueError("the public key is neither a raw point nor an X.509 key on curve25519")
        data = data[len(X509_PREFIX) :]
    if len(data) != 65 or data[0] != 0x04:
        raise ValueError("the public key is not an uncompressed point (04 || x || y)")
    x, y = int.from_bytes(data[1:33], "big"), int.from_bytes(data[33:], "big")
    if x >= P or y >= P or (y * y - x**3 - A * x - B) % P:
        raise ValueError("the public key is not a point on curve25519")
    return x, y


def decode_private_key(text: str) -> int:
    return int.from_bytes(base64.b64decode(text, validate=True), "big", signed=True)  # Java's BigInteger


def _cipher(
    private_key: int, peer_public_key: str, sender_nonce: bytes, requester_nonce: bytes
) -> tuple[AESGCM, bytes]:
    if not requester_nonce:
        raise ValueError("the requester's nonce is empty")
    # Fidelius cycles the requester's nonce over the sender's length: a plain XOR for 32-byte nonces.
    mixed = bytes(byte ^ requester_nonce[i % len(requester_nonce)] for i, byte in enumerate(sender_nonce))
    secret = _shared_secret(private_key, decode_public_key(peer_public_key))
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=mixed[:20], info=None).derive(secret)
    return AESGCM(key), mixed[-12:]


def _shared_secret(private_key: int, public_point: tuple[int, int]) -> bytes:
    # BouncyCastle computes (d/h mod n)·(h·Q): d·Q for every honest key, while a point of
    # small order becomes infinity instead of a secret an attacker can guess.
    scalar = pow(COFACTOR, -1, N) * private_key % N
    shared = _multiply(scalar, _multiply(COFACTOR, public_point))
    if shared is None:
        raise ValueError("the public key gives no shared secret")
    return shared[0].to_bytes(32, "big")


def _add(first: Point, second: Point) -> Point:
    if first is None:
        return second
    if second is None:
        return first
    (x1, y1), (x2, y2) = first, second
    if x1 == x2:
        if (y1 + y2) % P == 0:
            return None
        slope = (3 * x1 * x1 + A) * pow(2 * y1, -1, P) % P
    else:
        slope = (y2 - y1) * pow(x2 - x1, -1, P) % P
    x3 = (slope * slope - x1 - x2) % P
    return x3, (slope * (x1 - x3) - y1) % P


def _multiply(scalar: int, point: Point) -> Point:
    # Double-and-add, not constant-time: right for an example; a production app should use
    # a hardened implementation (such as BouncyCastle, which Fidelius wraps).
    result: Point = None
    while scalar:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def _point_bytes(point: Point) -> bytes:
    if point is None:
        raise ValueError("the point at infinity has no encoding")
    x, y = point
    return b"\x04" + x.to_bytes(32, "big") + y.to_bytes(32, "big")  # fixed width: leading zeros kept


# ---- X.509 SubjectPublicKeyInfo, as BouncyCastle writes it for this curve ----


def _der(tag: int, content: bytes) -> bytes:
    if len(content) < 0x80:
        length = bytes([len(content)])
    else:
        size = len(content).to_bytes((len(content).bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(size)]) + size
    return bytes([tag]) + length + content


def _der_integer(value: int) -> bytes:
    return _der(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))  # room for the sign bit


def _x509_prefix() -> bytes:
    """Every DER byte of an SPKI on this curve that precedes the 65-byte point."""
    sequence, octet_string, bit_string = 0x30, 0x04, 0x03
    ec_public_key = bytes.fromhex("06072a8648ce3d0201")  # OID 1.2.840.10045.2.1
    prime_field = bytes.fromhex("06072a8648ce3d0101")  # OID 1.2.840.10045.1.1
    parameters = _der(  # explicit ECParameters (RFC 3279), version 1, no seed
        sequence,
        _der_integer(1)
        + _der(sequence, prime_field + _der_integer(P))
        + _der(sequence, _der(octet_string, A.to_bytes(32, "big")) + _der(octet_string, B.to_bytes(32, "big")))
        + _der(octet_string, _point_bytes(G))
        + _der_integer(N)
        + _der_integer(COFACTOR),
    )
    placeholder_point = bytes(65)
    spki = _der(sequence, _der(sequence, ec_public_key + parameters) + _der(bit_string, b"\x00" + placeholder_point))
    return spki[: -len(placeholder_point)]


X509_PREFIX = _x509_prefix()
