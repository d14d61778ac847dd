"""The ABHA service's encryption key, and why a value an app sent does not decrypt with it.

ABHA v3 wants every sensitive field (Aadhaar, mobile, ABHA number, OTP) as base64 of
RSA/ECB/OAEPWithSHA-1AndMGF1Padding under the key its public certificate publishes
(abdm-api.md §4.1). The usual mistakes are plaintext, the v1/v2 cipher (PKCS#1 v1.5),
OAEP with SHA-256, and a stale or foreign key; each gets its own reason, so a judge can
say which one an app made.
"""

from __future__ import annotations

import base64
import binascii
import re

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

ENCRYPTION_ALGORITHM = "RSA/ECB/OAEPWithSHA-1AndMGF1Padding"
OAEP_SHA1 = padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None)
# What other OAEP settings decrypt to: Java's "OAEPWithSHA-256AndMGF1Padding" keeps MGF1 on SHA-1.
_OTHER_OAEP = (
    ("OAEP with SHA-256 (MGF1 SHA-1)", padding.OAEP(padding.MGF1(hashes.SHA1()), hashes.SHA256(), None)),
    ("OAEP with SHA-256 (MGF1 SHA-256)", padding.OAEP(padding.MGF1(hashes.SHA256()), hashes.SHA256(), None)),
)
_PLAINTEXT = re.compile(r"[0-9 -]{4,20}|[^@\s]+@[^@\s]+")


class Undecryptable(Exception):
    """Why a field is not RSA-OAEP (SHA-1) ciphertext under this service's key."""


class EncryptionKey:
    def __init__(self, key: rsa.RSAPrivateKey | None = None) -> None:
        self._key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._size = self._key.key_size // 8

    def certificate(self) -> dict[str, str]:
        """The body of GET /v3/profile/public/certificate."""
        der = self._key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return {"publicKey": base64.b64encode(der).decode(), "encryptionAlgorithm": ENCRYPTION_ALGORITHM}

    def decrypt(self, value: object) -> str:
        if not isinstance(value, str) or not value:
            raise Undecryptable("it is missing or not a string")
        if _PLAINTEXT.fullmatch(value):
            kind = "an e-mail or ABHA address" if "@" in value else "digits"
            raise Undecryptable(f"it is plaintext {kind}, not base64 ciphertext")
        try:
            ciphertext = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise Undecryptable("it is not base64") from None
        if len(ciphertext) != self._size:
            raise Undecryptable(
                f"it decodes to {len(ciphertext)} bytes, not the {self._size} of a ciphertext under this "
                "2048-bit key (encrypted with another key, or not encrypted)"
            )
        try:
            plaintext = self._key.decrypt(ciphertext, OAEP_SHA1)
        except ValueError:
            raise Undecryptable(self._diagnose(ciphertext)) from None
        try:
            return plaintext.decode()
        except UnicodeDecodeError:
            raise Undecryptable("it decrypts to bytes that are not text") from None

    def _diagnose(self, ciphertext: bytes) -> str:
        private = self._key.private_numbers()
        c = int.from_bytes(ciphertext, "big")
        n = private.public_numbers.n
        if c >= n:
            return "it is not a ciphertext under this service's key (encrypted with another key?)"
        block = pow(c, private.d, n).to_bytes(self._size, "big")
        if block[:2] == b"\x00\x02" and all(block[2:10]) and 0 in block[10:]:
            return "it uses PKCS#1 v1.5 padding (RSA/ECB/PKCS1Padding, the v1/v2 cipher), not OAEP with SHA-1"
        for name, other in _OTHER_OAEP:
            try:
                self._key.decrypt(ciphertext, other)
            except ValueError:
                continue
            return f"it uses {name}, not OAEP with SHA-1"
        return "it does not decrypt with this service's key (encrypted with another key?)"
