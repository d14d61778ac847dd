"""Checks on the HIP's answers to link init and confirm (USER_INIT_LINK_605, 606)."""

from __future__ import annotations

import json
from typing import Any

from abdm_conformance import protocol
from abdm_conformance.checks.exchanges import shorten
from abdm_conformance.checks.rules import (
    OTP_DETAILS,
    OTP_SENT,
    SELECTED_ONLY,
    VALIDATED,
    WRONG_OTP,
    CheckFailed,
    Rule,
    warn,
)
from abdm_conformance.protocol import Api


def sends_otp_for_link(callback_body: Any) -> str:
    """The link reference the HIP issued. NHA's specs allow either authentication type and make link.meta
    optional (v0.5) or required (v3's newer page), so what NHA's test case describes, an OTP sent to the
    patient with its details, is advice."""
    if error := protocol.error_in(callback_body):
        raise CheckFailed(OTP_SENT, f"link init was refused: {shorten(json.dumps(error))}")
    reference = protocol.link_reference_in(callback_body)
    link = callback_body.get("link") if isinstance(callback_body, dict) else None
    if reference is None or not isinstance(link, dict):
        raise CheckFailed(OTP_SENT, "on-init carries no link.referenceNumber")
    if link.get("authenticationType") != "MEDIATED":
        warn(OTP_DETAILS, f"authenticationType is {link.get('authenticationType')!r}, not 'MEDIATED' (an OTP)")
    meta = link.get("meta")
    if not isinstance(meta, dict) or not meta.get("communicationMedium") or not meta.get("communicationExpiry"):
        warn(OTP_DETAILS, "on-init does not say how and until when the OTP was sent (link.meta)")
    return reference


def links_exactly(api: Api, callback_body: Any, selected: list[str]) -> None:
    if error := protocol.error_in(callback_body):
        raise CheckFailed(SELECTED_ONLY, f"link confirm was refused: {shorten(json.dumps(error))}")
    linked = sorted(c.reference for c in protocol.care_contexts_in(api, callback_body))
    if linked != sorted(selected):
        raise CheckFailed(SELECTED_ONLY, f"linked {linked or 'nothing'}, but the patient selected {sorted(selected)}")


def refuses_wrong_otp(api: Api, callback_body: Any) -> None:
    _refuses(WRONG_OTP, api, callback_body, "a wrong OTP")


def refuses_unvalidated_request(api: Api, callback_body: Any, what: str) -> None:
    _refuses(VALIDATED, api, callback_body, what)


def _refuses(rule: Rule, api: Api, callback_body: Any, what: str) -> None:
    linked = [c.reference for c in protocol.care_contexts_in(api, callback_body)]
    if linked:
        raise CheckFailed(rule, f"the HIP accepted {what} and linked {', '.join(linked)}")
    if protocol.link_reference_in(callback_body):
        raise CheckFailed(rule, f"the HIP accepted {what} and issued a link reference")
    if not protocol.error_in(callback_body):
        raise CheckFailed(rule, f"the HIP's answer to {what} carries no error")
