"""The errors the HIP reports, in v3 form (string codes); v0.5 reports every one as code 1000.

Codes from the HIE-CM v3 error list and NHA's ABDM wrapper. ABDM uses ABDM-1035 for
two things: the HIE-CM list calls it "invalid HIP ID", NHA's wrapper "Incorrect OTP".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    code: str  # e.g. "ABDM-1017"
    message: str


# Problems whose message names the case: answered at once to a bridge request...
MALFORMED_REQUEST = "ABDM-1006"
TOKEN_MISSING = "ABDM-2500"
TOKEN_INVALID = "ABDM-2401"
KEYS_UNAVAILABLE = "ABDM-1024"  # a service the HIP depends on (the gateway's JWKS) is down
WRONG_HIP = "ABDM-1035"
SERVER_ERROR = "ABDM-9999"
# ...or reported in a link callback.
LINK_NOT_ALLOWED = "ABDM-1056"  # the link request names what the discovery did not offer
INVALID_LINK_REFERENCE = "ABDM-1056"

# Problems with a fixed message, reported in callbacks.
PATIENT_NOT_FOUND = Problem("ABDM-1010", "Patient not found")
UNKNOWN_TRANSACTION = Problem("ABDM-1017", "Invalid TransactionId")
INCORRECT_OTP = Problem("ABDM-1035", "Incorrect OTP")
