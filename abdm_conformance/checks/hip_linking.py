"""Checks on HIP-initiated linking: the authentication the HIP asks for, the credential it
passes on, and the care contexts it links with the token the gateway issued."""

from __future__ import annotations

from typing import Any

from abdm_conformance import protocol
from abdm_conformance.checks.exchanges import shorten
from abdm_conformance.checks.rules import (
    AUTH_REQUESTED,
    CONTEXTS_LINKED,
    CREDENTIAL_SENT,
    DRIVER_ACCEPTED,
    HELD_AS_LINKED,
    NOTHING_LINKED,
    TOKEN_FIRST,
    CheckFailed,
    Rule,
)
from abdm_conformance.config import CareContext, TestPatient
from abdm_conformance.exchange import Exchange
from abdm_conformance.protocol import Api


def asks_to_authenticate(api: Api, body: Any, patient: TestPatient, mode: str, hip_id: str) -> None:
    if api.version == "v3":
        _same_address(body.get("abhaAddress") if isinstance(body, dict) else None, patient, "abhaAddress")
        return
    _same_address(protocol.get(body, "query", "id"), patient, "query.id")
    if (purpose := protocol.get(body, "query", "purpose")) not in protocol.LINK_PURPOSES:
        raise CheckFailed(AUTH_REQUESTED, f"query.purpose is {purpose!r}, not LINK or KYC_AND_LINK")
    if (asked := protocol.get(body, "query", "authMode")) != mode:
        raise CheckFailed(AUTH_REQUESTED, f"query.authMode is {asked!r}, not {mode}")
    requester = protocol.get(body, "query", "requester")
    if not isinstance(requester, dict) or requester.get("type") != "HIP" or requester.get("id") != hip_id:
        raise CheckFailed(AUTH_REQUESTED, f"query.requester is {requester!r}, not HIP {hip_id!r}")


def _same_address(named: Any, patient: TestPatient, where: str) -> None:
    if not isinstance(named, str) or named.lower() != patient.abha_address.lower():
        raise CheckFailed(AUTH_REQUESTED, f"{where} is {named!r}, not the patient's ABHA address")


def sends_credential(
    api: Api, body: Any, mode: str, transaction_id: str | None, otp: str | None, given: dict[str, Any]
) -> None:
    """The OTP the patient read out, or the demographics the patient gave, for the authentication opened."""
    if api.version == "v3":
        sent = {k: body.get(k) if isinstance(body, dict) else None for k in ("name", "gender", "yearOfBirth")}
        wanted = {"name": given["name"], "gender": given["gender"], "yearOfBirth": given["year_of_birth"]}
        if sent != wanted:
            raise CheckFailed(CREDENTIAL_SENT, f"generate-token sends {sent}, but the patient gave {wanted}")
        return
    if (named := protocol.get(body, "transactionId")) != transaction_id:
        raise CheckFailed(CREDENTIAL_SENT, f"transactionId is {named!r}, not the authentication's {transaction_id!r}")
    if mode in protocol.OTP_MODES:
        if protocol.get(body, "credential", "authCode") != otp:
            raise CheckFailed(CREDENTIAL_SENT, "credential.authCode is not the OTP the patient gave")
        return
    demographic = protocol.get(body, "credential", "demographic")
    sent = {
        "name": protocol.get(demographic, "name"),
        "gender": protocol.get(demographic, "gender"),
        "year_of_birth": str(protocol.get(demographic, "dateOfBirth"))[:4],
    }
    wanted = {"name": given["name"], "gender": given["gender"], "year_of_birth": str(given["year_of_birth"])}
    if sent != wanted:
        raise CheckFailed(CREDENTIAL_SENT, f"credential.demographic gives {sent}, but the patient gave {wanted}")


def issued_token(answer: Exchange) -> str:
    """The linking token in the gateway's answer: on-auth-confirm, auth-notify or on-generate-token."""
    body = answer.request_json
    token = protocol.get(body, "auth", "accessToken") or protocol.get(body, "linkToken")
    if not isinstance(token, str):
        raise CheckFailed(TOKEN_FIRST, f"the gateway's {answer.message} issued no linking token")
    return token


def presented_token(api: Api, link: Exchange) -> str | None:
    if api.version == "v3":
        return link.header("X-LINK-TOKEN")
    token = protocol.get(link.request_json, "link", "accessToken")
    return token if isinstance(token, str) else None


def links_with(api: Api, link: Exchange, token: str, rule: Rule = TOKEN_FIRST, issued_by: str = "") -> None:
    if presented_token(api, link) != token:
        where = "X-LINK-TOKEN" if api.version == "v3" else "link.accessToken"
        raise CheckFailed(rule, f"{link.message} presents in {where} a token other than the one {issued_by}")


def no_link_before(api: Api, exchanges: list[Exchange], token_answer: Exchange) -> None:
    early = [e for e in exchanges if e.message == api.link_request and e.seq < token_answer.seq]
    if early:
        raise CheckFailed(
            TOKEN_FIRST, f"{early[0].summary()} came before the gateway issued the token ({token_answer.summary()})"
        )


def links_chosen(api: Api, body: Any, patient: TestPatient, chosen: list[CareContext]) -> None:
    holder = protocol.get(body, "link") if api.version == "v0.5" else body
    found = protocol.care_contexts_in(api, holder)
    sent = sorted((c.reference, c.display) for c in found)
    wanted = sorted((c.reference, c.display) for c in chosen)
    if sent != wanted:
        raise CheckFailed(CONTEXTS_LINKED, f"{api.link_request} links {sent}, not the chosen {wanted}")
    if wrong := [c for c in found if c.patient_reference != patient.reference]:
        raise CheckFailed(CONTEXTS_LINKED, f"care context {wrong[0].reference} is linked under another patient")
    if api.version == "v3":
        for group in protocol.get(body, "patient") or []:
            contexts = group.get("careContexts") if isinstance(group, dict) else None
            if not isinstance(contexts, list) or group.get("count") != len(contexts):
                raise CheckFailed(CONTEXTS_LINKED, "a patient entry's count is not its number of care contexts")
        types = {c.reference: c.hi_type for c in found}
        if mistyped := [c.reference for c in chosen if types.get(c.reference) != c.hi_type]:
            raise CheckFailed(CONTEXTS_LINKED, f"{', '.join(mistyped)} grouped under the wrong hiType")


def links_nothing(api: Api, exchanges: list[Exchange], why: str) -> None:
    if attempts := [e for e in exchanges if e.message == api.link_request]:
        raise CheckFailed(NOTHING_LINKED, f"{why}, yet the HIP sent {attempts[0].summary()}")


def holds_as_linked(patient: Any, references: list[str], linked: bool) -> None:
    """Whether the HIP holds these care contexts as linked, as its driver's read-back of the patient says."""
    held = patient.get("linked_care_contexts")
    if not isinstance(held, list):
        raise CheckFailed(DRIVER_ACCEPTED, f"the read-back has no linked_care_contexts list: {shorten(str(patient))}")
    if linked and (missing := [r for r in references if r not in held]):
        raise CheckFailed(HELD_AS_LINKED, f"the HIP does not hold {', '.join(missing)} as linked; it holds {held}")
    if not linked and (wrongly := [r for r in references if r in held]):
        raise CheckFailed(HELD_AS_LINKED, f"the HIP holds {', '.join(wrongly)} as linked, though nothing was linked")
