"""Fidelius compatibility of abdm_conformance.crypto.

The shipped vectors (made by the real Fidelius/BouncyCastle code) are reproduced byte for byte.
The edge cases of shared/reference/fidelius-and-fhir.md §A5 that the shipped file leaves out
(shared secret with a leading zero byte, 31-byte and sign-byte private keys) are checked against
an independent oracle: OpenSSL's X25519 through `cryptography`, mapped to the Weierstrass form.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from abdm_conformance.crypto import (
    FideliusCiphertextError,
    FideliusError,
    FideliusKeyError,
    FideliusNonceError,
    FideliusPlaintextError,
    checksum,
    decrypt,
    encrypt,
    generate_key_material,
)

VECTORS_PATH = Path(__file__).resolve().parents[1] / "vectors" / "fidelius.json"  # provenance: tests/vectors/README.md


def _load_vectors() -> dict[str, Any]:
    return json.loads(VECTORS_PATH.read_text(encoding="utf-8"))


VECTORS = _load_vectors()
CASES = {case["id"]: case for case in VECTORS["encryption_cases"]}
NEGATIVE_CASES = {case["id"]: case for case in VECTORS["negative_cases"]}
KEYGEN_EXAMPLES = {f"gkm-{i}": ex for i, ex in enumerate(VECTORS["key_generation_examples"], 1)}
SPKI_PREFIX = bytes.fromhex(VECTORS["x509_spki_prefix_hex"])
CURVE = {name: int(value, 16) for name, value in VECTORS["curve"].items() if name in ("p", "Gx", "Gy", "n")}
P, N = CURVE["p"], CURVE["n"]
A_OVER_3 = 486662 * pow(3, -1, P) % P  # Weierstrass x = Montgomery u + A/3

BASE = CASES["opconsult-basic"]
KEY_FORMS = ("publicKey", "x509PublicKey")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def java_bigint_bytes(value: int) -> bytes:
    return value.to_bytes(value.bit_length() // 8 + 1, "big", signed=True)


def encrypt_case(case: dict[str, Any], requester_key_form: str = "publicKey", **overrides: str) -> str:
    kwargs = {
        "sender_private_key": case["sender"]["privateKey"],
        "sender_nonce": case["sender"]["nonce"],
        "requester_public_key": case["requester"][requester_key_form],
        "requester_nonce": case["requester"]["nonce"],
    } | overrides
    return encrypt(case["plaintext"], **kwargs)


def decrypt_case(case: dict[str, Any], sender_key_form: str = "x509PublicKey", **overrides: str) -> str:
    kwargs = {
        "content": case["encryptedData"],
        "receiver_private_key": case["requester"]["privateKey"],
        "receiver_nonce": case["requester"]["nonce"],
        "sender_public_key": case["sender"][sender_key_form],
        "sender_nonce": case["sender"]["nonce"],
    } | overrides
    return decrypt(**kwargs)


# --- Vectors ------------------------------------------------------------------------------


@pytest.mark.parametrize("key_form", KEY_FORMS)
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_encrypt_reproduces_fidelius(case: dict[str, Any], key_form: str) -> None:
    assert encrypt_case(case, key_form) == case["encryptedData"]


@pytest.mark.parametrize("key_form", KEY_FORMS)
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_decrypt_recovers_fidelius_plaintext(case: dict[str, Any], key_form: str) -> None:
    assert decrypt_case(case, key_form) == case["plaintext"]


@pytest.mark.parametrize("case", NEGATIVE_CASES.values(), ids=NEGATIVE_CASES.keys())
def test_vector_must_fail_cases_are_rejected(case: dict[str, Any]) -> None:
    with pytest.raises(FideliusCiphertextError, match="tag"):
        decrypt(
            case["encryptedData"],
            receiver_private_key=case["requesterPrivateKey"],
            receiver_nonce=case["requesterNonce"],
            sender_public_key=case["senderPublicKey"],
            sender_nonce=case["senderNonce"],
        )


@pytest.mark.parametrize("example", KEYGEN_EXAMPLES.values(), ids=KEYGEN_EXAMPLES.keys())
def test_fidelius_key_generation_output(example: dict[str, Any]) -> None:
    keys, checks = example["parsed"], example["checks"]
    assert json.loads(example["cli_stdout"]) == keys
    assert list(keys) == ["privateKey", "publicKey", "x509PublicKey", "nonce"]
    assert str(int.from_bytes(unb64(keys["privateKey"]), "big", signed=True)) == checks["privateKey_int_decimal"]
    assert unb64(keys["x509PublicKey"]) == SPKI_PREFIX + unb64(keys["publicKey"])
    # publicKey == d·G: only then does ECDH with an independent Fidelius key pair agree both ways.
    requester = BASE["requester"]
    content = encrypt(
        "probe",
        sender_private_key=keys["privateKey"],
        sender_nonce=keys["nonce"],
        requester_public_key=requester["publicKey"],
        requester_nonce=requester["nonce"],
    )
    recovered = decrypt(
        content,
        receiver_private_key=requester["privateKey"],
        receiver_nonce=requester["nonce"],
        sender_public_key=keys["publicKey"],
        sender_nonce=keys["nonce"],
    )
    assert recovered == "probe"


# --- Generated keys -----------------------------------------------------------------------


def test_generated_key_material_uses_fidelius_encodings() -> None:
    for _ in range(24):
        keys = generate_key_material()
        private = unb64(keys.private_key)
        d = int.from_bytes(private, "big", signed=True)
        assert 1 <= d < N
        assert private == java_bigint_bytes(d), "private key must be BigInteger.toByteArray()"
        raw = unb64(keys.public_key)
        assert len(keys.public_key) == 88 and len(raw) == 65 and raw[0] == 4
        assert len(keys.x509_public_key) == 412
        assert unb64(keys.x509_public_key) == SPKI_PREFIX + raw  # also pins p, a, b, G, n, h
        assert len(unb64(keys.nonce)) == 32


@pytest.mark.parametrize("requester_key_form", ["public_key", "x509_public_key"])
def test_round_trip_with_generated_keys_both_directions(requester_key_form: str) -> None:
    hip, hiu = generate_key_material(), generate_key_material()
    text = json.dumps({"resourceType": "Bundle", "note": "रोगी ₹500 " * 300})
    for sender, requester in ((hip, hiu), (hiu, hip)):
        content = encrypt(
            text,
            sender_private_key=sender.private_key,
            sender_nonce=sender.nonce,
            requester_public_key=getattr(requester, requester_key_form),
            requester_nonce=requester.nonce,
        )
        for sender_key in (sender.public_key, sender.x509_public_key):
            recovered = decrypt(
                content,
                receiver_private_key=requester.private_key,
                receiver_nonce=requester.nonce,
                sender_public_key=sender_key,
                sender_nonce=sender.nonce,
            )
            assert recovered == text


def test_nonce_order_is_not_detectable() -> None:
    """§A5.6: the nonces are XORed, so swapping them still decrypts (a harness cannot flag it)."""
    swapped = decrypt_case(BASE, receiver_nonce=BASE["sender"]["nonce"], sender_nonce=BASE["requester"]["nonce"])
    assert swapped == BASE["plaintext"]


# --- Edge cases against an independent X25519 oracle ---------------------------------------


@dataclass(frozen=True)
class OracleCase:
    private_key: str
    shared_x: int


def _x25519_oracle_case(label: str, accept: Callable[[int, int], bool]) -> OracleCase:
    """Find a sender scalar d with accept(d, shared_x) against BASE's requester key.

    X25519 computes clamp(k)·U, and on the prime-order subgroup that is (clamp(k) mod n)·U,
    so d = clamp(k) mod n with shared x = X25519 u + A/3 is an oracle outside our own code.
    """
    requester_x = int.from_bytes(unb64(BASE["requester"]["publicKey"])[1:33], "big")
    peer = X25519PublicKey.from_public_bytes(((requester_x - A_OVER_3) % P).to_bytes(32, "little"))
    for i in range(100_000):
        k = hashlib.sha256(f"{label}-{i}".encode()).digest()
        clamped = (int.from_bytes(k, "little") & ~7 & ~(1 << 255)) | (1 << 254)
        d = clamped % N
        shared_u = int.from_bytes(X25519PrivateKey.from_private_bytes(k).exchange(peer), "little")
        shared_x = (shared_u + A_OVER_3) % P
        if accept(d, shared_x):
            return OracleCase(b64(java_bigint_bytes(d)), shared_x)
    raise AssertionError(f"no scalar found for {label}")


def _oracle_content(case: dict[str, Any], shared: bytes) -> str:
    mixed = bytes(s ^ r for s, r in zip(unb64(case["sender"]["nonce"]), unb64(case["requester"]["nonce"]), strict=True))
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=mixed[:20], info=None).derive(shared)
    return b64(AESGCM(key).encrypt(mixed[20:], case["plaintext"].encode("utf-8"), None))


EDGE_CASES = {
    "shared-secret-leading-zero": lambda d, x: x < 1 << 248,
    "sender-private-key-sign-byte": lambda d, x: d.bit_length() == 248,
    "sender-private-key-31-bytes": lambda d, x: len(java_bigint_bytes(d)) == 31,
    "typical": lambda d, x: d.bit_length() > 248 and x >= 1 << 248,
}


@pytest.mark.parametrize(("label", "accept"), EDGE_CASES.items(), ids=EDGE_CASES.keys())
def test_edge_cases_match_independent_oracle(label: str, accept: Callable[[int, int], bool]) -> None:
    oracle = _x25519_oracle_case(label, accept)
    shared = oracle.shared_x.to_bytes(32, "big")
    expected = _oracle_content(BASE, shared)
    assert encrypt_case(BASE, sender_private_key=oracle.private_key) == expected
    if shared[0] == 0:  # the case is only meaningful if a stripped secret would have diverged
        assert _oracle_content(BASE, shared.lstrip(b"\x00")) != expected


def test_redundant_leading_zeros_in_private_key_are_accepted() -> None:
    """Redundant leading zero bytes do not change the scalar Java reads."""
    d = int.from_bytes(unb64(BASE["sender"]["privateKey"]), "big", signed=True)
    padded = b64(b"\x00\x00" + java_bigint_bytes(d))
    assert encrypt_case(BASE, sender_private_key=padded) == BASE["encryptedData"]


# --- Tampering and malformed input ---------------------------------------------------------


def _flip(data: bytes, index: int) -> bytes:
    out = bytearray(data)
    out[index] ^= 0x01
    return bytes(out)


def _other_nonce(nonce: str) -> str:
    return b64(_flip(unb64(nonce), 0))


_CONTENT = unb64(BASE["encryptedData"])
TAMPERING = {
    "ciphertext-bit-flip": {"content": b64(_flip(_CONTENT, 0))},
    "tag-bit-flip": {"content": b64(_flip(_CONTENT, -1))},
    "tag-stripped": {"content": b64(_CONTENT[:-16])},
    "ciphertext-truncated": {"content": b64(_CONTENT[1:])},
    "wrong-sender-nonce": {"sender_nonce": _other_nonce(BASE["sender"]["nonce"])},
    "wrong-receiver-nonce": {"receiver_nonce": _other_nonce(BASE["requester"]["nonce"])},
    "wrong-sender-public-key": {"sender_public_key": CASES["tiny-json"]["sender"]["publicKey"]},
    "wrong-receiver-private-key": {"receiver_private_key": CASES["tiny-json"]["requester"]["privateKey"]},
}


@pytest.mark.parametrize("overrides", TAMPERING.values(), ids=TAMPERING.keys())
def test_tampering_is_rejected(overrides: dict[str, str]) -> None:
    with pytest.raises(FideliusCiphertextError):
        decrypt_case(BASE, **overrides)


def _spki(point: bytes) -> bytes:
    """DER SubjectPublicKeyInfo around an arbitrary BIT STRING payload, Fidelius's parameters."""
    algorithm = SPKI_PREFIX[4:-3]  # strip outer SEQUENCE header and the BIT STRING header
    bits = b"\x03" + bytes([len(point) + 1, 0]) + point
    body = algorithm + bits
    return b"\x30\x82" + len(body).to_bytes(2, "big") + body


_REQUESTER_RAW = unb64(BASE["requester"]["publicKey"])
_GY = CURVE["Gy"].to_bytes(32, "big")
_OTHER_CURVE_SPKI = bytearray(unb64(BASE["requester"]["x509PublicKey"]))
_OTHER_CURVE_SPKI[SPKI_PREFIX.index(bytes.fromhex("7b425ed0"))] ^= 0x01  # change coefficient b

BAD_PUBLIC_KEYS = {
    "raw-not-on-curve": (b64(_flip(_REQUESTER_RAW, -1)), "not on curve"),
    "raw-x-not-below-p": (b64(b"\x04" + (CURVE["Gx"] + P).to_bytes(32, "big") + _GY), "not below"),
    "raw-64-bytes": (b64(_REQUESTER_RAW[1:]), "65-byte"),
    "raw-hybrid-prefix": (b64(b"\x06" + _REQUESTER_RAW[1:]), "65-byte"),
    "small-order-point": (b64(b"\x04" + A_OVER_3.to_bytes(32, "big") + bytes(32)), "subgroup"),
    "compressed-point": (b64(b"\x02" + _REQUESTER_RAW[1:33]), "X.509"),
    "infinity-raw-encoding": (b64(b"\x00"), "X.509"),
    "infinity-in-x509": (b64(_spki(b"\x00")), "infinity"),
    "x509-compressed-point": (b64(_spki(b"\x02" + _REQUESTER_RAW[1:33])), "65-byte"),
    "x509-other-curve": (b64(bytes(_OTHER_CURVE_SPKI)), "explicit parameters"),
    "x509-trailing-bytes": (b64(unb64(BASE["requester"]["x509PublicKey"]) + b"\x00"), "single DER"),
    "x509-truncated": (b64(unb64(BASE["requester"]["x509PublicKey"])[:-1]), "DER"),
    "url-safe-base64": (BASE["requester"]["publicKey"].replace("+", "-").replace("/", "_"), "base64"),
    "base64-whitespace": (BASE["requester"]["publicKey"][:40] + "\n" + BASE["requester"]["publicKey"][40:], "base64"),
    "empty": ("", "DER"),
}


@pytest.mark.parametrize(("public_key", "message"), BAD_PUBLIC_KEYS.values(), ids=BAD_PUBLIC_KEYS.keys())
def test_bad_public_keys_are_rejected(public_key: str, message: str) -> None:
    with pytest.raises(FideliusKeyError, match=message):
        encrypt_case(BASE, requester_public_key=public_key)


BAD_PRIVATE_KEYS = {
    "zero": b64(b"\x00"),
    "negative-as-java-reads-it": b64(b"\xff" * 32),
    "equal-to-n": b64(java_bigint_bytes(N)),
    "empty": "",
    "malformed-base64": "AYhVZpbVeX4KS5Qm/W0+9Ye2q3rnVVGmqRICmseWni4",
}


@pytest.mark.parametrize("private_key", BAD_PRIVATE_KEYS.values(), ids=BAD_PRIVATE_KEYS.keys())
def test_bad_private_keys_are_rejected(private_key: str) -> None:
    with pytest.raises(FideliusKeyError):
        encrypt_case(BASE, sender_private_key=private_key)


BAD_NONCES = {
    "16-bytes": b64(bytes(16)),
    "33-bytes": b64(bytes(33)),
    "malformed-base64": "not a nonce",
}


@pytest.mark.parametrize("nonce", BAD_NONCES.values(), ids=BAD_NONCES.keys())
@pytest.mark.parametrize("field", ["sender_nonce", "receiver_nonce"])
def test_bad_nonces_are_rejected(field: str, nonce: str) -> None:
    with pytest.raises(FideliusNonceError):
        decrypt_case(BASE, **{field: nonce})


BAD_CONTENT = {
    "malformed-base64": "%%%",
    "empty": "",
    "shorter-than-tag": b64(bytes(15)),
}


@pytest.mark.parametrize("content", BAD_CONTENT.values(), ids=BAD_CONTENT.keys())
def test_bad_content_is_rejected(content: str) -> None:
    with pytest.raises(FideliusCiphertextError):
        decrypt_case(BASE, content=content)


def test_authenticated_non_utf8_plaintext_is_reported_as_such() -> None:
    """A peer on a non-UTF-8 JVM produces a valid tag over bytes that do not decode."""
    steps = BASE["intermediates"]
    cipher = AESGCM(bytes.fromhex(steps["aesKey_hex"]))
    content = b64(cipher.encrypt(bytes.fromhex(steps["gcmIv_hex"]), "Café".encode("latin-1"), None))
    with pytest.raises(FideliusPlaintextError):
        decrypt_case(BASE, content=content)


def test_plaintext_without_utf8_form_is_rejected() -> None:
    with pytest.raises(FideliusPlaintextError):
        encrypt_case(BASE | {"plaintext": "lone \ud800 surrogate"})
    with pytest.raises(FideliusPlaintextError):
        checksum("lone \ud800 surrogate")


def test_errors_share_one_value_error_base() -> None:
    for error in (FideliusKeyError, FideliusNonceError, FideliusCiphertextError, FideliusPlaintextError):
        assert issubclass(error, FideliusError) and issubclass(error, ValueError)


# --- Checksum -----------------------------------------------------------------------------


def test_checksum_is_base64_md5_of_utf8() -> None:
    assert checksum("") == "1B2M2Y8AsgTpgAmY7PhCfg=="
    text = CASES["utf8-non-ascii"]["plaintext"]
    assert checksum(text) == b64(hashlib.md5(text.encode("utf-8")).digest())
