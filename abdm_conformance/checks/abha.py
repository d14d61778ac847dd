"""Checks on a registration desk (milestone M1): the calls it makes to ABHA's APIs, and what it
holds afterwards, read back through its test driver."""

from __future__ import annotations

import json
from typing import Any

from abdm_conformance import protocol
from abdm_conformance.checks.exchanges import conforms_to_schema, shorten
from abdm_conformance.checks.rules import (
    ABHA_ACCEPTS,
    ABHA_ACCOUNTS,
    ABHA_ADDRESS,
    ABHA_CARD,
    ABHA_CONSENT,
    ABHA_DOCUMENT,
    ABHA_ENCRYPTED,
    ABHA_HELD,
    ABHA_INPUT,
    ABHA_MOBILE,
    ABHA_REFUSAL,
    ABHA_RESEND,
    CheckFailed,
)
from abdm_conformance.exchange import Exchange

ENCRYPTED_FIELDS = ("loginId", "otpValue")
ENROLMENT_CONSENT = {"code": "abha-enrollment", "version": "1.4"}


def called(call: Exchange | None, what: str) -> Exchange:
    if call is None:
        raise CheckFailed(ABHA_ACCEPTS, f"the app never called {what}")
    return call


def accepted_by_abha(call: Exchange, refused_because: str | None) -> Any:
    """The body of a call that conforms to its schema and that ABHA accepted; a refusal names ABHA's reason,
    as an encryption mistake where it is one."""
    conforms_to_schema(call)
    if call.status == 200:
        return call.request_json
    answer = call.response_json
    if call.status == 400 and isinstance(answer, dict) and set(answer) & set(ENCRYPTED_FIELDS):
        raise CheckFailed(ABHA_ENCRYPTED, f"ABHA refused {call.message}: {refused_because or answer}")
    raise CheckFailed(
        ABHA_ACCEPTS,
        f"ABHA answered {call.message} with HTTP {call.status}: {refused_because or shorten(call.response_text)}",
    )


def asks_for_otp(body: Any, scope: list[str], login_hint: str, otp_system: str) -> None:
    sent = {k: protocol.get(body, k) for k in ("scope", "loginHint", "otpSystem")}
    wanted = {"scope": scope, "loginHint": login_hint, "otpSystem": otp_system}
    if sent != wanted:
        raise CheckFailed(ABHA_ACCEPTS, f"the OTP request says {sent}, where ABHA documents {wanted}")


def records_consent(body: Any) -> None:
    if (consent := protocol.get(body, "consent")) != ENROLMENT_CONSENT:
        raise CheckFailed(ABHA_CONSENT, f"byAadhaar carries consent {consent!r}, not {ENROLMENT_CONSENT}")


def refused_before_any_call(trigger: Exchange, abha_calls: list[Exchange], what: str) -> None:
    if abha_calls:
        raise CheckFailed(ABHA_INPUT, f"{what} went to ABHA: {abha_calls[0].summary()}")
    if trigger.status is not None and 200 <= trigger.status < 300:
        raise CheckFailed(ABHA_INPUT, f"the app took {what} without an error ({trigger.url} answered {trigger.status})")


def mobile_verified_first(calls: list[Exchange], completed_by: str) -> None:
    """A mobile-verify OTP was asked for and accepted by auth/byAbdm before the call that completes the ABHA."""
    paths = [c.message for c in calls if c.status == 200]
    verified = "abha /v3/enrollment/auth/byAbdm"
    if verified not in paths:
        raise CheckFailed(ABHA_MOBILE, "the communication mobile was never verified by OTP (auth/byAbdm)")
    completed = f"abha {completed_by}"
    if completed in paths and paths.index(completed) < paths.index(verified):
        raise CheckFailed(ABHA_MOBILE, f"{completed_by} was called before the communication mobile was verified")


def sends_the_licence(body: Any, licence: dict[str, str], photos: dict[str, str]) -> None:
    """byDocument names the licence as printed and carries the photos of both its sides as handed over."""
    for field, value in {**licence, **photos}.items():
        if protocol.get(body, field) != value:
            sent = shorten(str(protocol.get(body, field)))
            raise CheckFailed(ABHA_DOCUMENT, f"enrol/byDocument sends {field} {sent!r}, not what the licence shows")


def mobile_not_verified_again(calls: list[Exchange]) -> None:
    if asked := [c for c in calls if c.message == "abha /v3/enrollment/auth/byAbdm"]:
        raise CheckFailed(ABHA_MOBILE, f"the Aadhaar-linked mobile was verified again: {asked[0].summary()}")


def address_from_suggestions(suggestions: Exchange | None, created: Exchange) -> None:
    if suggestions is None or suggestions.status != 200:
        raise CheckFailed(ABHA_ADDRESS, "the app created an ABHA address without asking ABHA for suggestions")
    offered = protocol.get(suggestions.response_json, "abhaAddressList") or []
    chosen = protocol.get(created.request_json, "abhaAddress")
    if chosen not in offered:
        raise CheckFailed(ABHA_ADDRESS, f"the app created {chosen!r}, none of ABHA's suggestions {offered}")


def card_downloaded(card: Exchange | None) -> None:
    if card is None or card.status != 200:
        outcome = "never asked for it" if card is None else f"got HTTP {card.status}"
        raise CheckFailed(ABHA_CARD, f"the app {outcome} from /v3/profile/account/abha-card")


def holds_patient(patients: Any, abha_number: str, abha_address: str | None) -> None:
    held = [p for p in patients.get("patients") or [] if isinstance(p, dict) and p.get("abha_number") == abha_number]
    if not held:
        numbers = [p.get("abha_number") for p in patients.get("patients") or [] if isinstance(p, dict)]
        raise CheckFailed(ABHA_HELD, f"the app holds no patient under ABHA number {abha_number}; it holds {numbers}")
    if len({p.get("patient_id") for p in held}) > 1:
        raise CheckFailed(ABHA_HELD, f"ABHA number {abha_number} is held under {len(held)} patient ids")
    if abha_address and held[0].get("abha_address") != abha_address:
        raise CheckFailed(
            ABHA_HELD, f"the patient's ABHA address is {held[0].get('abha_address')!r}, not {abha_address}"
        )


def registers(
    last_flow: Any, patients_before: Any, patients_after: Any, abha_number: str, abha_address: str | None
) -> None:
    """Judged from what this flow changed, not from what earlier cases left in the register: the flow finished,
    the ABHA number it handled is held under one patient id, and a patient registered before keeps theirs
    (linked to their existing record)."""
    if last_flow.get("state") != "done":
        shown = shorten(json.dumps(last_flow))
        raise CheckFailed(ABHA_HELD, f"the app never finished registering ABHA number {abha_number}: it shows {shown}")
    holds_patient(patients_after, abha_number, abha_address)
    before, after = _patient_ids(patients_before, abha_number), _patient_ids(patients_after, abha_number)
    if before and after != before:
        raise CheckFailed(ABHA_HELD, f"ABHA number {abha_number} was patient {before}, the app now holds it as {after}")


def _patient_ids(patients: Any, abha_number: str) -> set[Any]:
    listed = patients.get("patients") if isinstance(patients, dict) else None
    return {p.get("patient_id") for p in listed or [] if isinstance(p, dict) and p.get("abha_number") == abha_number}


def shows_the_refusal(last_flow: Any, patients_before: Any, patients_after: Any, refused: str) -> None:
    if last_flow.get("state") != "failed" or not last_flow.get("error"):
        raise CheckFailed(ABHA_REFUSAL, f"ABHA refused {refused}, but the app shows {shorten(json.dumps(last_flow))}")
    if patients_after != patients_before:
        raise CheckFailed(ABHA_REFUSAL, f"the app registered a patient although ABHA refused {refused}")


def shows_every_account(last_flow: Any, on_the_mobile: list[str]) -> None:
    """The screen waits for the operator to pick one of the ABHA numbers the login found."""
    shown = [a.get("ABHANumber") for a in last_flow.get("accounts") or [] if isinstance(a, dict)]
    if last_flow.get("state") != "waiting-for-account" or sorted(shown) != sorted(on_the_mobile):
        raise CheckFailed(
            ABHA_ACCOUNTS,
            f"the mobile holds ABHA numbers {on_the_mobile}, but the app shows {shorten(json.dumps(last_flow))}",
        )


def continues_with(verify_user: Exchange | None, picked: str) -> None:
    if verify_user is None:
        raise CheckFailed(ABHA_ACCOUNTS, "the app never exchanged the T-token for the picked account (verify/user)")
    chosen = protocol.get(verify_user.request_json, "ABHANumber")
    if chosen != picked:
        raise CheckFailed(ABHA_ACCOUNTS, f"the patient picked {picked}, the app went on with {chosen!r}")


def verified_under_latest(verify: Exchange, latest_request: Exchange, refused_because: str | None) -> None:
    """The OTP sent last was verified under the txnId ABHA answered that request with."""
    sent_with = protocol.get(latest_request.response_json, "txnId")
    used = protocol.get(verify.request_json, "authData", "otp", "txnId")
    if used != sent_with:
        why = f"; ABHA answered HTTP {verify.status}: {refused_because}" if verify.status != 200 else ""
        raise CheckFailed(ABHA_RESEND, f"the OTP resent under txnId {sent_with} was verified under {used!r}{why}")
