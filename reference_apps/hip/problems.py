"""The errors the HIP reports, in v3 form (string codes); v0.5 reports every one as code 1000.

Codes from the HIE-CM v3 error list and NHA's ABDM wrapper. ABDM uses ABDM-1035 for
two things: the HIE-CM list calls it "invalid HIP ID", NHA's wrapper "Incorrect OTP".
The codes any bridge answers with at once (a malformed request, a missing or invalid
token, the gateway's keys out of reach) are common to the apps (common/problems.py).
"""

from __future__ import annotations

from reference_apps.common.problems import Problem


class Declined(Exception):
    """The HIP will not do what an acknowledged request asks; its callback reports the problem."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


# Problems whose message names the case: answered at once to a bridge request...
WRONG_HIP = "ABDM-1035"
SERVER_ERROR = "ABDM-9999"
# ...or reported in a link or health-information callback.
LINK_NOT_ALLOWED = "ABDM-1056"  # the link request names what the discovery did not offer
INVALID_LINK_REFERENCE = "ABDM-1056"
CONSENT_NOT_GRANTED = "ABDM-1062"  # the message names the status that ended the consent

# Problems with a fixed message, reported in callbacks.
PATIENT_NOT_FOUND = Problem("ABDM-1010", "Patient not found")
UNKNOWN_TRANSACTION = Problem("ABDM-1017", "Invalid TransactionId")
INCORRECT_OTP = Problem("ABDM-1035", "Incorrect OTP")
UNKNOWN_CONSENT = Problem("ABDM-1112", "Invalid consent artefact")
CONSENT_EXPIRED = Problem("ABDM-1061", "Consent artefact expired")
DATE_RANGE_NOT_CONSENTED = Problem("ABDM-1063", "The requested date range is outside the consented one")
