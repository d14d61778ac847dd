"""The errors the HIU answers with, in v3 form (string codes); v0.5 bridge answers carry code 1000.

Codes from the HIE-CM v3 error list. The data push is not versioned: its refusals always
carry the v3 form. The codes any bridge answers with at once (a malformed request, a
missing or invalid token, the gateway's keys out of reach) are common to the apps
(common/problems.py).
"""

from __future__ import annotations

from reference_apps.common.problems import Problem

# Bridge requests answered at once with an error, never acted on.
WRONG_HIU = "ABDM-1006"  # no HIE-CM code names a wrong X-HIU-ID: it is a request for someone else

# Data pushes refused.
UNKNOWN_TRANSACTION = Problem("ABDM-1017", "Invalid TransactionId")
CONSENT_EXPIRED = Problem("ABDM-1061", "Consent artefact expired")
CONSENT_NOT_GRANTED = "ABDM-1062"  # the message names the status that ended the consent
