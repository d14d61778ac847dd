"""Checks on an HIU (milestone M3): what it asks the consent manager for, what it does with the
patient's decisions, and what it holds of the records pushed to it, read back through its driver."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from abdm_conformance import protocol
from abdm_conformance.checks import app_requests
from abdm_conformance.checks.exchanges import shorten
from abdm_conformance.checks.rules import (
    ARTEFACTS_FETCHED,
    CONSENT_REQUESTED,
    DRIVER_ACCEPTED,
    ERASED_AT,
    HIU_ASKS,
    HIU_NOTIFIES,
    PATIENT_FOUND,
    RECORD_HI_TYPE,
    RECORDS_HELD,
    REQUESTS_LISTED,
    CheckFailed,
)
from abdm_conformance.config import TestPatient
from abdm_conformance.crypto import FideliusError, check_key_material
from abdm_conformance.exchange import Exchange
from abdm_conformance.protocol import Consent

PURPOSE_CODES = frozenset({"CAREMGT", "BTG", "PUBHLTH", "HPAYMT", "DSRCH", "PATRQT", "PATRQST"})


def finds_patient(body: Any, patient: TestPatient, hiu_id: str) -> None:
    named = protocol.get(body, "query", "patient", "id")
    if not isinstance(named, str) or named.lower() != patient.abha_address.lower():
        raise CheckFailed(PATIENT_FOUND, f"query.patient.id is {named!r}, not the ABHA address entered")
    requester = protocol.get(body, "query", "requester")
    if not isinstance(requester, dict) or requester.get("type") != "HIU" or requester.get("id") != hiu_id:
        raise CheckFailed(PATIENT_FOUND, f"query.requester is {requester!r}, not HIU {hiu_id!r}")


def patient_shown(read_back: Exchange) -> Any:
    """What the HIU shows for an ABHA address; 404 {"found": false} says nobody holds it, as 200 does."""
    body = read_back.response_json
    if read_back.status == 404 and isinstance(body, dict) and body.get("found") is False:
        return body
    return app_requests.read_back(read_back)


def shows_found(found: Any, patient: TestPatient, exists: bool) -> None:
    if exists and (found.get("found") is not True or found.get("name") != patient.name):
        raise CheckFailed(PATIENT_FOUND, f"the HIU shows {found}, not the patient {patient.name!r} the gateway found")
    if not exists and found.get("found") is not False:
        raise CheckFailed(PATIENT_FOUND, f"the HIU shows {found} for an ABHA address the gateway does not know")


def requests_consent(body: Any, patient: TestPatient, hiu_id: str, asked: dict[str, Any]) -> None:
    consent = protocol.get(body, "consent")
    named = protocol.get(consent, "patient", "id")
    if not isinstance(named, str) or named.lower() != patient.abha_address.lower():
        raise CheckFailed(CONSENT_REQUESTED, f"consent.patient.id is {named!r}, not the patient's ABHA address")
    if (hiu := protocol.get(consent, "hiu", "id")) != hiu_id:
        raise CheckFailed(CONSENT_REQUESTED, f"consent.hiu.id is {hiu!r}, not {hiu_id!r}")
    if (purpose := protocol.get(consent, "purpose", "code")) not in PURPOSE_CODES:
        raise CheckFailed(CONSENT_REQUESTED, f"consent.purpose.code {purpose!r} is not an ABDM purpose of use")
    hi_types = protocol.get(consent, "hiTypes")
    if not isinstance(hi_types, list) or sorted(map(str, hi_types)) != sorted(asked["hi_types"]):
        raise CheckFailed(CONSENT_REQUESTED, f"consent.hiTypes is {hi_types!r}, not the {asked['hi_types']} asked for")
    date_range = protocol.get(consent, "permission", "dateRange") or {}
    sent = (_moment(protocol.get(date_range, "from")), _moment(protocol.get(date_range, "to")))
    if sent != (_moment(asked["date_from"]), _moment(asked["date_to"])):
        raise CheckFailed(CONSENT_REQUESTED, f"permission.dateRange is {date_range!r}, not the range asked for")
    erase_at = _moment(protocol.get(consent, "permission", "dataEraseAt"))
    if erase_at is None or erase_at <= datetime.now(timezone.utc):
        raise CheckFailed(CONSENT_REQUESTED, f"permission.dataEraseAt {erase_at} is not in the future")


def lists_request(listing: Any, request_id: str, patient: TestPatient, status: str) -> None:
    entries = listing.get("consent_requests")
    entry = next((e for e in entries or [] if isinstance(e, dict) and e.get("id") == request_id), None)
    if entry is None:
        raise CheckFailed(REQUESTS_LISTED, f"the HIU does not list consent request {request_id}")
    if str(entry.get("abha_address", "")).lower() != patient.abha_address.lower():
        raise CheckFailed(REQUESTS_LISTED, f"the request is listed under {entry.get('abha_address')!r}")
    if not entry.get("created_at") or not entry.get("data_erase_at"):
        raise CheckFailed(REQUESTS_LISTED, f"the listing lacks the request's dates: {shorten(json.dumps(entry))}")
    if entry.get("status") != status:
        raise CheckFailed(REQUESTS_LISTED, f"the request is listed as {entry.get('status')!r}, not {status}")


def acknowledges_artefacts(body: Any, artefact_ids: list[str]) -> None:
    acknowledged = {a.get("consentId"): a.get("status") for a in protocol.get(body, "acknowledgement") or []}
    if not acknowledged:
        raise CheckFailed(ARTEFACTS_FETCHED, "the acknowledgement names no consent")
    if missing := [i for i in artefact_ids if acknowledged.get(i) != "OK"]:
        raise CheckFailed(ARTEFACTS_FETCHED, f"artefacts {', '.join(missing)} are not acknowledged OK")


def fetches_every_artefact(fetches: list[Exchange], artefact_ids: list[str]) -> None:
    fetched = {protocol.get(f.request_json, "consentId") for f in fetches}
    if missing := [i for i in artefact_ids if i not in fetched]:
        raise CheckFailed(ARTEFACTS_FETCHED, f"the HIU did not fetch artefacts {', '.join(missing)}")


def fetches_nothing(since: list[Exchange], why: str) -> None:
    if asked := [e for e in since if e.message in ("consent-fetch", "hiu-hi-request")]:
        raise CheckFailed(ARTEFACTS_FETCHED, f"{why}, yet the HIU sent {asked[0].summary()}")


def asks_for_data(body: Any, artefact: Consent, used_keys: set[str]) -> None:
    hi_request = protocol.get(body, "hiRequest")
    if (consent_id := protocol.get(hi_request, "consent", "id")) != artefact.id:
        raise CheckFailed(HIU_ASKS, f"hiRequest.consent.id is {consent_id!r}, not the granted artefact {artefact.id}")
    date_from = _moment(protocol.get(hi_request, "dateRange", "from"))
    date_to = _moment(protocol.get(hi_request, "dateRange", "to"))
    if date_from is None or date_to is None or date_from < artefact.date_from or date_to > artefact.date_to:
        raise CheckFailed(HIU_ASKS, f"hiRequest.dateRange {date_from} – {date_to} is outside the consented range")
    public_key = str(protocol.get(hi_request, "keyMaterial", "dhPublicKey", "keyValue"))
    nonce = str(protocol.get(hi_request, "keyMaterial", "nonce"))
    try:
        check_key_material(public_key, nonce)
    except FideliusError as error:
        raise CheckFailed(HIU_ASKS, f"hiRequest.keyMaterial cannot be used: {error}") from None
    if reused := {public_key, nonce} & used_keys:
        which = "public key" if public_key in reused else "nonce"
        raise CheckFailed(HIU_ASKS, f"the HIU reuses a {which} it sent in an earlier request")
    used_keys.update((public_key, nonce))


def asks_nothing_under(since: list[Exchange], artefact_id: str, why: str) -> None:
    for exchange in since:
        if (
            exchange.message == "hiu-hi-request"
            and protocol.get(exchange.request_json, "hiRequest", "consent", "id") == artefact_id
        ):
            raise CheckFailed(HIU_ASKS, f"{why}, yet the HIU sent {exchange.summary()}")


def takes_pushes(pushes: list[Exchange]) -> None:
    for push in pushes:
        if push.transport_error or push.status is None or not 200 <= push.status < 300:
            outcome = push.transport_error or f"HTTP {push.status}: {shorten(push.response_text)}"
            raise CheckFailed(HIU_ASKS, f"the dataPushUrl {push.url} answered a push with {outcome}")


def notifies_truthfully(body: Any, transaction_id: str, statuses: dict[str, str]) -> None:
    """`statuses`: the status each care context must be reported with (OK, or ERRORED for a corrupted one)."""
    notification = protocol.get(body, "notification")
    if (named := protocol.get(notification, "transactionId")) != transaction_id:
        raise CheckFailed(HIU_NOTIFIES, f"the notify names transaction {named!r}, not {transaction_id}")
    responses = protocol.get(notification, "statusNotification", "statusResponses") or []
    reported = {r.get("careContextReference"): r.get("hiStatus") for r in responses if isinstance(r, dict)}
    if reported != statuses:
        raise CheckFailed(HIU_NOTIFIES, f"the notify reports {reported}, but the records pushed call for {statuses}")


def holds_exactly(held: Any, consent_id: str, bundles: dict[str, str]) -> None:
    """Of the records the HIU shows under this consent artefact, `bundles`: care-context reference →
    the FHIR bundle (JSON text) it must show for it."""
    records = _records_under(held, consent_id)
    shown = [r.get("care_context_reference") for r in records]
    if sorted(map(str, shown)) != sorted(bundles):
        raise CheckFailed(RECORDS_HELD, f"the HIU shows records {shown}, not {sorted(bundles)}")
    for record in records:
        if record.get("bundle") != json.loads(bundles[record["care_context_reference"]]):
            raise CheckFailed(
                RECORDS_HELD, f"the record of {record['care_context_reference']} is not the bundle pushed"
            )


def labels_hi_types(held: Any, consent_id: str, hi_types: dict[str, str]) -> None:
    """`hi_types`: care-context reference → the HI type of the record pushed for it."""
    for record in _records_under(held, consent_id):
        reference, label = record.get("care_context_reference"), record.get("hi_type")
        if reference in hi_types and label != hi_types[reference]:
            raise CheckFailed(
                RECORD_HI_TYPE, f"the HIU shows the record of {reference} as {label!r}, not {hi_types[reference]!r}"
            )


def shows_none_under(read_back: Exchange, consent_id: str) -> bool:
    """Whether a records read-back shows nothing under the artefact: what a wait for erasure waits for."""
    body = read_back.response_json
    listed = body.get("records") if read_back.status == 200 and isinstance(body, dict) else None
    return isinstance(listed, list) and not _records_under(body, consent_id)


def erased_at(held: Any, consent_id: str, erase_at: datetime) -> None:
    if records := _records_under(held, consent_id):
        shown = [r.get("care_context_reference") for r in records]
        passed = protocol.utc_timestamp(erase_at)
        raise CheckFailed(ERASED_AT, f"the HIU still shows records {shown}, though the dataEraseAt {passed} has passed")


def _records_under(held: Any, consent_id: str) -> list[dict[str, Any]]:
    """The records a read-back shows under the consent artefact."""
    listed = held.get("records")
    if not isinstance(listed, list):
        raise CheckFailed(DRIVER_ACCEPTED, f"the read-back has no records list: {shorten(json.dumps(held))}")
    return [r for r in listed if isinstance(r, dict) and r.get("consent_id") == consent_id]


def _moment(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
