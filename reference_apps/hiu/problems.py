"""The errors the HIU answers with, in v3 form (string codes); v0.5 bridge answers carry code 1000.

Codes from the HIE-CM v3 error list. The data push is not versioned: its refusals always
carry the v3 form.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    code: str  # e.g. "ABDM-1017"
    message: str


# Bridge requests answered at once with an error, never acted on.
MALFORMED_REQUEST = "ABDM-1006"
TOKEN_MISSING = "ABDM-2500"
TOKEN_INVALID = "ABDM-2401"
KEYS_UNAVAILABLE = "ABDM-1024"  # a service the HIU depends on (the gateway's JWKS) is down
WRONG_HIU = "ABDM-1006"  # no HIE-CM code names a wrong X-HIU-ID: it is a request for someone else

# Data pushes refused.
UNKNOWN_TRANSACTION = Problem("ABDM-1017", "Invalid TransactionId")
CONSENT_EXPIRED = Problem("ABDM-1061", "Consent artefact expired")
CONSENT_NOT_GRANTED = "ABDM-1062"  # the message names the status that ended the consent
