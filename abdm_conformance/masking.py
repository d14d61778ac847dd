"""Masking of secrets and personal identifiers in everything the harness writes.

Reports are shared with agencies and attached to tickets, so tokens, client secrets,
OTPs and Aadhaar numbers must never reach them, whatever field, header or free text
an application puts them in (a hostile app may echo them anywhere).
"""

from __future__ import annotations

import re
from typing import Any

MASK = "***"

# Keys whose values are secret wherever they appear (compared case-insensitively).
SECRET_KEYS = frozenset(
    {
        "authorization",
        "x-token",
        "t-token",
        "r-token",
        "x-link-token",
        "accesstoken",
        "refreshtoken",
        "linktoken",
        "clientsecret",
        "client_secret",
        "token",  # link confirmation OTP
        "otp",
        "otpvalue",
        "authcode",
        "password",
    }
)

_JWT = re.compile(r"\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*")
_BEARER = re.compile(r"(?i)\b(bearer)\s+[\w.~+/=-]+")
# Twelve digits, optionally grouped 4-4-4, not part of a longer number (ABHA numbers are 14 digits).
_AADHAAR = re.compile(r"(?<![\d-])(\d{4})([ -]?)(\d{4})\2(\d{4})(?![\d-])")


class Masker:
    """Masks by key, by pattern and by the exact secrets a run knows about."""

    def __init__(self, known_secrets: list[str] | tuple[str, ...] = ()):
        # Longest first, so a secret containing another is masked whole.
        self._secrets = sorted({s for s in known_secrets if s and len(s) >= 4}, key=len, reverse=True)

    def text(self, value: str) -> str:
        for secret in self._secrets:
            value = value.replace(secret, MASK)
        value = _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", value)
        value = _JWT.sub(MASK, value)
        return _AADHAAR.sub(lambda m: f"XXXX{m.group(2)}XXXX{m.group(2)}{m.group(4)}", value)

    def data(self, value: Any) -> Any:
        """Mask a JSON-like structure: secret keys entirely, every string by pattern."""
        if isinstance(value, dict):
            return {k: self._field(k, v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.data(item) for item in value]
        if isinstance(value, str):
            return self.text(value)
        return value

    def _field(self, key: Any, value: Any) -> Any:
        if isinstance(key, str) and key.lower() in SECRET_KEYS and isinstance(value, (str, int)):
            return MASK
        return self.data(value)
