"""Deliberate mistakes the reference registration desk can be started with, to show the harness catches them.

Each switch is consulted at the one place its mistake happens; with no switch on, the
desk behaves as ABDM expects.
"""

from __future__ import annotations

from collections.abc import Iterable

DEFECTS: dict[str, str] = {
    "sends_aadhaar_unencrypted": "the Aadhaar OTP request's loginId carries the plain Aadhaar number",
    "pkcs1_padding": "sensitive values are RSA-encrypted with PKCS#1 v1.5 padding instead of OAEP-SHA1",
    "otp_unencrypted": "every otpValue is sent in plain",
    "no_aadhaar_check": "an invalid Aadhaar number (wrong length, Verhoeff check digit) is sent to ABHA",
    "accepts_13_digit_abha": "a 13-digit ABHA number goes to login/request/otp",
    "skips_mobile_verification": "a communication mobile different from the Aadhaar one is never verified",
    "wrong_consent_version": 'enrol/byAadhaar carries consent version "1.0" instead of "1.4"',
    "no_address_suggestions": "creates an ABHA address of its own making without asking for suggestions",
    "stores_wrong_abha_number": "registers the patient's ABHA number with its last digit changed",
    "no_card_download": "never fetches the ABHA card",
    "duplicate_patient_ids": "a verified ABHA number always gets a new patient id, even one already registered",
}


class Defects:
    """The switches turned on for one app instance."""

    def __init__(self, names: Iterable[str] = ()):
        self._on = frozenset(names)
        if unknown := self._on - DEFECTS.keys():
            raise ValueError(f"unknown defects {', '.join(sorted(unknown))}; valid: {', '.join(DEFECTS)}")

    def enabled(self, name: str) -> bool:
        if name not in DEFECTS:  # a misspelt switch in the app would otherwise silently never fire
            raise KeyError(name)
        return name in self._on
