"""How the ABHA service says no, and the record of why it did.

Shapes (abdm-api.md §2.3, NHA's abha_enrollment_api.yml): a malformed field is a 400 whose
body maps the field to a message, e.g. {"loginId": "Invalid LoginId"}; a business refusal
(wrong OTP, dead transaction, nobody found, steps out of order) is a 422
{"code": "ABDM-…", "message": …}; a missing or bad token a 401 of the same shape. Codes
are from NHA's published ABHA (M1) list where one fits; ABDM-2406 (invalid API sequence)
is the gateway's. The bodies say what the real service says; the reason, kept beside
them, says what exactly was wrong, in terms a judge can quote.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

WRONG_OTP = "ABDM-1204"  # UIDAI's refusals pass through under this code; the mobile OTP's too
OTP_ATTEMPTS_EXHAUSTED = "ABDM-1100"
INVALID_TRANSACTION = "ABDM-1017"
ABHA_NOT_FOUND = "ABDM-1013"  # "Invalid ABHA Number" in NHA's list
MOBILE_NOT_LINKED = "ABDM-1102"  # "Mobile number verification is pending."
AADHAAR_NOT_LINKED = "ABDM-1120"  # no code in NHA's list fits an Aadhaar OTP to an ABHA made from a licence
OUT_OF_SEQUENCE = "ABDM-2406"
UNKNOWN_API = "ABDM-9999"
NO_AUTHORIZATION = "ABDM-2500"
INVALID_SESSION = "ABDM-2401"
INVALID_USER_TOKEN = "ABDM-1158"  # "Invalid X-Token"; also used for the T-token
INVALID_REQUEST_ID = "ABDM-1030"
INVALID_TIMESTAMP = "ABDM-1016"
# The yml's only 422 for details that do not match the record (byAadhaar's): its shape and wording
# serve byDocument too, as no source gives a refusal of its own for a licence.
INCORRECT_DATA = "HIS-422"
INCORRECT_DATA_MESSAGE = "Unable to process the current request due to incorrect data entered."

# What the service answers for each malformed field (its wording, not the reason).
FIELD_MESSAGES = {
    "request": "Invalid request body",
    "txnId": "Invalid Transaction Id",
    "scope": "Invalid Scope",
    "loginHint": "Invalid LoginHint",
    "loginId": "Invalid LoginId",
    "otpSystem": "Invalid OtpSystem",
    "authData": "Invalid Auth Data",
    "authMethods": "AuthMethod cannot be null or empty",
    "otp": "otp cannot be null or empty",
    "otpValue": "Invalid OTP value",
    "mobile": "Invalid Mobile Number",
    "consent": "Invalid consent",
    "abhaAddress": "Invalid ABHA Address",
    "preferred": "Invalid preferred",
    "ABHANumber": "Invalid ABHA Number",
    # byDocument: no source gives its 400 wording; these follow the "Invalid <Field>" of those above.
    "documentType": "Invalid Document Type",
    "documentId": "Invalid Document Id",
    "firstName": "Invalid First Name",
    "middleName": "Invalid Middle Name",
    "lastName": "Invalid Last Name",
    "dob": "Invalid Date of Birth",
    "gender": "Invalid Gender",
    "frontSidePhoto": "Invalid Front Side Photo",
    "backSidePhoto": "Invalid Back Side Photo",
    "address": "Invalid Address",
    "state": "Invalid State",
    "district": "Invalid District",
    "pinCode": "Invalid Pin Code",
}


@dataclass(frozen=True)
class Refusal:
    path: str
    field: str | None  # the body field or header at fault; None for a business refusal
    reason: str
    status: int


class Refused(Exception):
    def __init__(self, status: int, body: dict[str, Any], field: str | None, reason: str):
        super().__init__(reason)
        self.status, self.body, self.field, self.reason = status, body, field, reason


def invalid(field: str, reason: str, message: str | None = None) -> Refused:
    """A malformed field: 400 with the field mapped to the service's message."""
    return Refused(400, {field: message or FIELD_MESSAGES[field]}, field, reason)


def unprocessable(code: str, message: str, reason: str | None = None, **extra: Any) -> Refused:
    """A well-formed call the service will not act on: 422."""
    return Refused(422, {"code": code, "message": message, **extra}, None, reason or message)


def unauthorized(code: str, header: str, message: str, reason: str | None = None) -> Refused:
    return Refused(401, {"code": code, "message": message}, header, reason or message)
