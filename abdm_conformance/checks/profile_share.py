"""Checks on the HIP's answer to a scanned-and-shared profile (SHARE_PATIENT_PROFILE_701)."""

from __future__ import annotations

import json
from typing import Any

from abdm_conformance import protocol
from abdm_conformance.checks.exchanges import shorten
from abdm_conformance.checks.rules import PROFILE_TOKEN, PROFILE_TOKEN_UNIQUE, PROFILE_TOKEN_VALIDITY, CheckFailed
from abdm_conformance.protocol import Api

TOKEN_VALIDITY_SECONDS = "1800"


def _token_details(api: Api, callback_body: Any) -> dict[str, Any]:
    """v3 nests the token under acknowledgement.profile (NHA's wrapper) or not (the spec's example)."""
    acknowledgement = protocol.get(callback_body, "acknowledgement")
    if not isinstance(acknowledgement, dict):
        return {}
    nested = acknowledgement.get("profile") if api.version == "v3" else None
    return nested if isinstance(nested, dict) else acknowledgement


def acknowledges_with_token(api: Api, callback_body: Any, abha_address: str) -> str:
    """The token number the HIP gave, after checking the acknowledgement names the patient."""
    acknowledgement = protocol.get(callback_body, "acknowledgement")
    if not isinstance(acknowledgement, dict):
        error = protocol.error_in(callback_body)
        raise CheckFailed(PROFILE_TOKEN, f"no acknowledgement; error: {shorten(json.dumps(error))}")
    patient = acknowledgement.get("abhaAddress" if api.version == "v3" else "healthId")
    status = acknowledgement.get("status")
    token = _token_details(api, callback_body).get("tokenNumber")
    if str(status).upper() != "SUCCESS" or patient != abha_address:
        raise CheckFailed(PROFILE_TOKEN, f"acknowledged {patient!r} with {status!r}, not {abha_address!r} SUCCESS")
    if not isinstance(token, str | int) or not str(token).strip():
        raise CheckFailed(
            PROFILE_TOKEN, f"the acknowledgement carries no token number ({shorten(json.dumps(acknowledgement))})"
        )
    return str(token)


def token_valid_for_30_minutes(api: Api, callback_body: Any) -> None:
    expiry = _token_details(api, callback_body).get("expiry")
    if str(expiry) != TOKEN_VALIDITY_SECONDS:
        raise CheckFailed(PROFILE_TOKEN_VALIDITY, f"the token expires after {expiry!r} seconds, not 1800")


def tokens_differ(tokens: list[str]) -> None:
    if len(set(tokens)) != len(tokens):
        raise CheckFailed(PROFILE_TOKEN_UNIQUE, f"patients at one counter were given tokens {tokens}")
