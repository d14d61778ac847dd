"""Steps for M3 (HIU_FLOW_1xx–3xx): the HIU user asks for consent through the HIU's test driver;
the harness, as consent manager, patient and HIP, answers, decides and pushes records, then
reads back what the HIU holds."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from abdm_conformance import protocol
from abdm_conformance.checks import app_requests, exchanges, hiu
from abdm_conformance.checks.rules import ARTEFACTS_FETCHED, CONSENT_REQUESTED, HIU_ASKS, REQUESTS_LISTED, CheckFailed
from abdm_conformance.config import HiuApp, Target
from abdm_conformance.exchange import AppRequest, Exchange
from abdm_conformance.protocol import Consent
from mocks.gateway.host import SimulatorHost
from steps.common import CREDENTIALS, test_patient
from steps.plugin import Conversation, HiuFlow

CONSENT_FROM = "2000-01-01T00:00:00.000Z"
OTHER_HIU = "OTHER-HIU-01"
ERASE_WITHIN_SECONDS = 3  # a consent the patient shortened: time to fetch, push and show, then erase


def _hiu(target: Target) -> HiuApp:
    if target.hiu is None or target.hiu.driver_url is None:  # M3 is not applicable without [hiu]
        pytest.skip("needs the HIU's test driver ([hiu] driver_url in the target file)")
    return target.hiu


def _act(flow: HiuFlow, gateway: SimulatorHost, target: Target, action: str, params: dict[str, Any]) -> None:
    flow.start = len(gateway.simulator.exchanges)
    app_requests.driver_accepted(gateway.drive(action, params, _hiu(target).driver_url))


def _request(conversation: Conversation, gateway: SimulatorHost, message: str, after: int | None = None) -> AppRequest:
    """The HIU's `message` since it was last made to act (or since exchange `after`), naming this scenario's
    work: a slow HIU may still be fetching under an earlier scenario's consent."""
    flow = _flow(conversation)
    if message not in flow.requests:
        start = flow.start if after is None else after
        flow.requests[message] = gateway.app_request_after(message, start, about=conversation.owns)
    return flow.requests[message]


def _claim(conversation: Conversation, gateway: SimulatorHost) -> None:
    """This scenario's consent request, its artefacts and its transfer: what the HIU's requests name."""
    flow = _flow(conversation)
    request = gateway.simulator.consents.requests.get(str(flow.request_id))
    artefacts = [a.id for a in request.artefacts] if request else []
    conversation.claim(flow.request_id, *artefacts, flow.transaction_id)


def _notify(conversation: Conversation, gateway: SimulatorHost, status: str, **options: Any) -> None:
    """The consent manager tells the HIU of the patient's decision or the consent's end."""
    conversation.record(gateway.notify_hiu(str(_flow(conversation).request_id), status, **options))
    _claim(conversation, gateway)  # a grant's artefacts


def _sent(asked: AppRequest) -> Any:
    """The body of a request the HIU sent, once the gateway took it and it matched its schema."""
    request = app_requests.app_requested(asked)
    exchanges.accepted_by_gateway(request)
    return exchanges.conforms_to_schema(request)


def _read_back(gateway: SimulatorHost, target: Target, path: str) -> Any:
    return app_requests.read_back(gateway.read_back(path, _hiu(target).driver_url))


def _flow(conversation: Conversation) -> HiuFlow:
    if conversation.hiu is None:
        raise ValueError("the scenario must have the HIU ask for consent first")  # a mistake in the feature file
    return conversation.hiu


def _artefact(conversation: Conversation, gateway: SimulatorHost) -> Consent:
    request = gateway.simulator.consents.requests[str(_flow(conversation).request_id)]
    if not request.artefacts:
        raise ValueError("the scenario must have the patient grant the consent first")  # a mistake in the feature
    return request.artefacts[0]


# ---- HIU_FLOW_101: find the patient (v0.5) ----


@when("the HIU user looks the patient up by ABHA address")
def the_user_looks_up(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    conversation.hiu = HiuFlow(asked={})
    params = {"api_version": target.api_version, "abha_address": conversation.patient.abha_address}
    _act(conversation.hiu, gateway, target, "find-patient", params)


@then("the HIU asks the gateway to find the patient")
def the_hiu_asks_to_find(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    asked = _request(conversation, gateway, "patient-find")
    hiu.finds_patient(_sent(asked), conversation.patient, _hiu(target).hiu_id)
    app_requests.accepts_gateway_answer(asked)


@then("the HIU shows the patient the gateway found")
def the_hiu_shows_the_patient(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    hiu.shows_found(_patient_shown(conversation, gateway, target), conversation.patient, exists=True)


@then("the HIU shows that nobody holds the ABHA address")
def the_hiu_shows_nobody(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    hiu.shows_found(_patient_shown(conversation, gateway, target), conversation.patient, exists=False)


def _patient_shown(conversation: Conversation, gateway: SimulatorHost, target: Target) -> Any:
    read_back = gateway.read_back(f"/patients/{conversation.patient.abha_address}", _hiu(target).driver_url)
    return hiu.patient_shown(read_back)


# ---- HIU_FLOW_102–104: the consent request ----


@when("the HIU user asks for the patient's consent to their records")
def the_user_asks_for_consent(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    ask_for_consent(conversation, gateway, target, None)


def ask_for_consent(conversation: Conversation, gateway: SimulatorHost, target: Target, hi_type: str | None) -> None:
    patient, api = conversation.patient, gateway.simulator.api
    known = [c.hi_type for c in patient.care_contexts if c.hi_type in api.hi_types]
    hi_types = sorted(set(known if hi_type is None else [hi_type]))
    now = datetime.now(timezone.utc)
    asked = {
        "api_version": api.version,
        "abha_address": patient.abha_address,
        "purpose_code": "CAREMGT",
        "hi_types": hi_types,
        "date_from": CONSENT_FROM,
        "date_to": protocol.utc_timestamp(now),
        "data_erase_at": protocol.utc_timestamp(now + timedelta(days=1)),
    }
    earlier = conversation.hiu
    conversation.hiu = HiuFlow(asked=asked, used_keys=earlier.used_keys if earlier else set())
    _act(conversation.hiu, gateway, target, "request-consent", asked)


@given(parsers.parse("the HIU has asked the {ordinal} test patient for consent to their records"))
def the_hiu_has_asked(conversation: Conversation, gateway: SimulatorHost, target: Target, ordinal: str) -> None:
    has_asked(conversation, gateway, target, ordinal, None)


@given(parsers.parse('the HIU has asked the {ordinal} test patient for consent to their "{hi_type}" records'))
def the_hiu_has_asked_for_one_type(
    conversation: Conversation, gateway: SimulatorHost, target: Target, ordinal: str, hi_type: str
) -> None:
    has_asked(conversation, gateway, target, ordinal, hi_type)


def has_asked(
    conversation: Conversation, gateway: SimulatorHost, target: Target, ordinal: str, hi_type: str | None
) -> None:
    conversation.patient = test_patient(target, ordinal)
    ask_for_consent(conversation, gateway, target, hi_type)
    the_hiu_sends_a_consent_request(conversation, gateway)
    the_consent_manager_accepts(conversation, gateway)


@then("the HIU sends the gateway a consent request within the deadline")
def the_hiu_sends_a_consent_request(conversation: Conversation, gateway: SimulatorHost) -> None:
    _sent(_request(conversation, gateway, "consent-request-init"))


@then("the consent request names the patient, the HIU, a purpose of use and what the user asked for")
def the_request_names_what_was_asked(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    flow = _flow(conversation)
    body = _sent(_request(conversation, gateway, "consent-request-init"))
    hiu.requests_consent(body, conversation.patient, _hiu(target).hiu_id, flow.asked)


@then("the consent manager accepts the request and the HIU takes its answer")
def the_consent_manager_accepts(conversation: Conversation, gateway: SimulatorHost) -> None:
    flow = _flow(conversation)
    asked = _request(conversation, gateway, "consent-request-init")
    app_requests.answered_without_error(asked.answer, CONSENT_REQUESTED)
    app_requests.accepts_gateway_answer(asked)
    assert asked.answer is not None  # answered_without_error checked it
    flow.request_id = protocol.get(asked.answer.request_json, "consentRequest", "id")
    _claim(conversation, gateway)


@when("the HIU user checks the consent request's status")
def the_user_checks_the_status(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    flow = _flow(conversation)
    params = {"api_version": target.api_version, "consent_request_id": flow.request_id}
    _act(flow, gateway, target, "check-consent-status", params)


@then("the HIU asks the gateway for the consent request's status")
def the_hiu_asks_for_the_status(conversation: Conversation, gateway: SimulatorHost) -> None:
    flow = _flow(conversation)
    asked = _request(conversation, gateway, "consent-request-status")
    if (named := protocol.get(_sent(asked), "consentRequestId")) != flow.request_id:
        raise CheckFailed(REQUESTS_LISTED, f"the status request names {named!r}, not request {flow.request_id}")
    app_requests.accepts_gateway_answer(asked)


@then(parsers.parse('the HIU lists the request with the patient\'s ABHA address, its dates and status "{status}"'))
def the_hiu_lists_the_request(conversation: Conversation, gateway: SimulatorHost, target: Target, status: str) -> None:
    listing = _read_back(gateway, target, "/consent-requests")
    hiu.lists_request(listing, str(_flow(conversation).request_id), conversation.patient, status)


# ---- the patient's decisions ----


@when(parsers.parse("the patient {decision} the consent request"))
def the_patient_decides(conversation: Conversation, gateway: SimulatorHost, decision: str) -> None:
    _notify(conversation, gateway, {"grants": "GRANTED", "denies": "DENIED"}[decision])


@when("the patient grants the consent request, to be erased within seconds")
def the_patient_grants_briefly(conversation: Conversation, gateway: SimulatorHost) -> None:
    erase_at = datetime.now(timezone.utc) + timedelta(seconds=ERASE_WITHIN_SECONDS)
    _notify(conversation, gateway, "GRANTED", erase_at=erase_at)


@when(parsers.parse("the gateway sends the HIU the patient's grant with {credential}"))
def the_gateway_sends_the_grant_with(conversation: Conversation, gateway: SimulatorHost, credential: str) -> None:
    conversation.credential = CREDENTIALS[credential]
    _notify(conversation, gateway, "GRANTED", credential=conversation.credential)


@when("the patient grants the consent request with an artefact issued to another HIU")
def the_patient_grants_to_another(conversation: Conversation, gateway: SimulatorHost) -> None:
    _notify(conversation, gateway, "GRANTED", hiu_id=OTHER_HIU)


@when("the patient revokes the consent given to the HIU")
def the_patient_revokes(conversation: Conversation, gateway: SimulatorHost) -> None:
    _notify(conversation, gateway, "REVOKED")


@when("the consent given to the HIU expires")
def the_consent_expires(conversation: Conversation, gateway: SimulatorHost) -> None:
    _notify(conversation, gateway, "EXPIRED")


@then("the HIU acknowledges the consent notification")
def the_hiu_acknowledges(conversation: Conversation, gateway: SimulatorHost) -> None:
    exchanges.acknowledged(conversation.last.request)
    exchanges.taken_at_first_path(conversation.last.request, gateway.simulator.api)
    callback = exchanges.called_back(conversation.last)
    exchanges.accepted_by_gateway(callback)
    body = exchanges.conforms_to_schema(callback)
    exchanges.answers_request(conversation.last)
    notified = protocol.get(conversation.last.request.request_json, "notification", "consentArtefacts") or []
    hiu.acknowledges_artefacts(body, [a["id"] for a in notified])


@then("the HIU fetches the consent artefact")
def the_hiu_fetches(conversation: Conversation, gateway: SimulatorHost) -> None:
    artefact = _artefact(conversation, gateway)
    asked = _request(conversation, gateway, "consent-fetch", after=conversation.last.request.seq)
    hiu.fetches_every_artefact([asked.request] if asked.request else [], [artefact.id])
    _sent(asked)
    app_requests.answered_without_error(asked.answer, ARTEFACTS_FETCHED)
    app_requests.accepts_gateway_answer(asked)


@then("the HIU asks for the records under the artefact with fresh key material")
def the_hiu_asks_for_the_records(conversation: Conversation, gateway: SimulatorHost) -> None:
    flow, artefact = _flow(conversation), _artefact(conversation, gateway)
    asked = _request(conversation, gateway, "hiu-hi-request", after=conversation.last.request.seq)
    hiu.asks_for_data(_sent(asked), artefact, flow.used_keys)
    app_requests.answered_without_error(asked.answer, HIU_ASKS)
    app_requests.accepts_gateway_answer(asked)
    assert asked.answer is not None  # answered_without_error checked it
    exchanges.taken_at_first_path(asked.answer, gateway.simulator.api)
    flow.transaction_id = protocol.get(asked.answer.request_json, "hiRequest", "transactionId")
    _claim(conversation, gateway)


@then("the HIU fetches nothing under the denied request")
def the_hiu_fetches_nothing(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    since = _listen(conversation, gateway, target, "consent-fetch")
    hiu.fetches_nothing(since, "the patient denied the request")


@then("the HIU asks for no records under the artefact issued to another HIU")
def the_hiu_asks_nothing(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    since = _listen(conversation, gateway, target, "hiu-hi-request")
    hiu.asks_nothing_under(since, _artefact(conversation, gateway).id, "the artefact names another HIU")


def _listen(conversation: Conversation, gateway: SimulatorHost, target: Target, message: str) -> list[Exchange]:
    """This scenario's exchanges since the last notification, once its `message` came or silence proved it would
    not: a slow HIU fetching under an earlier scenario's consent meanwhile is that scenario's late traffic."""
    after = conversation.last.request.seq
    gateway.app_request_after(message, after, target.timeouts.silence_seconds, conversation.owns)
    return [e for e in gateway.simulator.exchanges[after:] if conversation.owns(e)]


# ---- the records: pushed by the simulated HIP, notified and shown by the HIU ----


@when("the HIP pushes the records to the HIU")
def the_hip_pushes_as_usual(conversation: Conversation, gateway: SimulatorHost) -> None:
    the_hip_pushes(conversation, gateway, "")


@when(parsers.parse("the HIP pushes the records to the HIU{variant}"))
def the_hip_pushes(conversation: Conversation, gateway: SimulatorHost, variant: str) -> None:
    flow = _flow(conversation)
    options = {
        "": {},
        ", one of them corrupted": {"corrupt_first": True},
        " under a transaction the HIU never started": {"wrong_transaction": True},
        ", repeating a page": {"repeat": True},
    }[variant]
    if flow.transaction_id is None:
        raise ValueError("the scenario must have the HIU ask for the records first")  # a mistake in the feature
    flow.pushes, flow.pushed = gateway.push_to_hiu(flow.transaction_id, **options)


@then("the HIU takes every push")
def the_hiu_takes_the_pushes(conversation: Conversation) -> None:
    hiu.takes_pushes(_flow(conversation).pushes)


@then("the HIU notifies the transfer with the status of every record")
def the_hiu_notifies(conversation: Conversation, gateway: SimulatorHost) -> None:
    flow = _flow(conversation)
    asked = _request(conversation, gateway, "hiu-hi-notify", after=flow.pushes[0].seq - 1)
    statuses = {r.care_context.reference: "ERRORED" if r.corrupted else "OK" for r in flow.pushed}
    hiu.notifies_truthfully(_sent(asked), str(flow.transaction_id), statuses)


@then("the HIU shows exactly the records pushed")
def the_hiu_shows_the_records(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    flow = _flow(conversation)
    held = _read_back(gateway, target, f"/records/{conversation.patient.abha_address}")
    shown = [r for r in flow.pushed if not r.corrupted]
    consent_id = _artefact(conversation, gateway).id
    hiu.holds_exactly(held, consent_id, {r.care_context.reference: r.bundle for r in shown})
    hiu.labels_hi_types(held, consent_id, {r.care_context.reference: r.care_context.hi_type for r in shown})


@then("the HIU shows none of the records")
def the_hiu_shows_none(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    held = _read_back(gateway, target, f"/records/{conversation.patient.abha_address}")
    hiu.holds_exactly(held, _artefact(conversation, gateway).id, {})


@then("the HIU shows none of the records once the artefact's dataEraseAt has passed, with no notification")
def the_hiu_erases_at(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    artefact = _artefact(conversation, gateway)
    deadline = artefact.erase_at + timedelta(seconds=target.timeouts.callback_seconds)  # as long as for a callback
    path = f"/records/{conversation.patient.abha_address}"
    settled = gateway.read_back_until(
        path, lambda e: hiu.shows_none_under(e, artefact.id), artefact.erase_at, deadline, _hiu(target).driver_url
    )
    hiu.erased_at(app_requests.read_back(settled), artefact.id, artefact.erase_at)


@given(parsers.parse("the HIU has asked for the {ordinal} test patient's records under their consent"))
def the_hiu_has_asked_for_records(
    conversation: Conversation, gateway: SimulatorHost, target: Target, ordinal: str
) -> None:
    has_asked(conversation, gateway, target, ordinal, None)
    the_patient_decides(conversation, gateway, "grants")
    the_hiu_acknowledges(conversation, gateway)
    the_hiu_fetches(conversation, gateway)
    the_hiu_asks_for_the_records(conversation, gateway)


@given(parsers.parse("the HIU holds the {ordinal} test patient's records, pushed under their consent"))
def the_hiu_holds_records(conversation: Conversation, gateway: SimulatorHost, target: Target, ordinal: str) -> None:
    the_hiu_has_asked_for_records(conversation, gateway, target, ordinal)
    the_hip_pushes_as_usual(conversation, gateway)
    the_hiu_notifies(conversation, gateway)
    the_hiu_shows_the_records(conversation, gateway, target)
