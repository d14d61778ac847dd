"""Errors in ABDM's v3 form (string codes), and the ones any bridge answers a request with at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    code: str  # e.g. "ABDM-1017"
    message: str


MALFORMED_REQUEST = "ABDM-1006"
TOKEN_MISSING = "ABDM-2500"
TOKEN_INVALID = "ABDM-2401"
KEYS_UNAVAILABLE = "ABDM-1024"  # a service the app depends on (the gateway's JWKS) is down
