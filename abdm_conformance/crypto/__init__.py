"""Cryptography the ABDM flows need; today the Fidelius health-data encryption."""

from abdm_conformance.crypto.fidelius import (
    FideliusCiphertextError,
    FideliusError,
    FideliusKeyError,
    FideliusNonceError,
    FideliusPlaintextError,
    KeyMaterial,
    check_key_material,
    checksum,
    decrypt,
    encrypt,
    generate_key_material,
)

__all__ = [
    "FideliusCiphertextError",
    "FideliusError",
    "FideliusKeyError",
    "FideliusNonceError",
    "FideliusPlaintextError",
    "KeyMaterial",
    "check_key_material",
    "checksum",
    "decrypt",
    "encrypt",
    "generate_key_material",
]
