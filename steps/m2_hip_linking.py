"""Steps for HIP-initiated linking (HIP_INTI_LINK_2xx–5xx): a clerk links a visit to the
patient's ABHA address by mobile OTP, Aadhaar OTP, direct authentication or demographics;
the harness, as the consent manager and the patient, answers, and judges what the HIP sends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from abdm_conformance import protocol
from abdm_conformance.checks import app_requests, exchanges, hip_linking
from abdm_conformance.checks.rules import AUTH_REQUESTED, CONTEXTS_LINKED, CREDENTIAL_SENT, TOKEN_FRESH, CheckFailed
from abdm_conformance.config import Target
from abdm_conformance.exchange import AppRequest, Exchange
from mocks.gateway.host import SimulatorHost
from steps.m2_linking import wrong
from steps.plugin import Conversation, HipLink, Operator

METHODS = {
    "mobile OTP": "MOBILE_OTP",
    "Aadhaar OTP": "AADHAAR_OTP",
    "direct authentication": "DIRECT",
    "demographics": "DEMOGRAPHICS",
}
CARE_CONTEXT_ORDINALS = {"first": 0, "second": 1}
OTHER_HIP = "OTHER-HIP-01"
NEEDS_DRIVER = "needs the app's test driver ([driver] url in the target file) or --interactive"


def _act(
    flow: HipLink,
    gateway: SimulatorHost,
    target: Target,
    operator: Operator,
    action: str,
    params: dict[str, Any],
    instruction: str,
) -> None:
    """Make the app act, through its test driver or its operator; its next requests count from here."""
    flow.start = len(gateway.simulator.exchanges)
    if target.driver_url:
        app_requests.driver_accepted(gateway.drive(action, params))
        flow.wait = target.timeouts.callback_seconds
    elif target.interactive:
        operator.instruct(instruction, target.timeouts.operator_seconds)
        flow.wait = target.timeouts.operator_seconds
    else:
        pytest.skip(NEEDS_DRIVER)


def _request(flow: HipLink, gateway: SimulatorHost, message: str) -> AppRequest:
    """The app's `message` in this flow: a link only counts once the token was issued. An HIP may still be
    finishing an earlier patient's linking, so requests naming the patient or the authentication must
    name this one's."""
    if message not in flow.requests:
        after = flow.token_answer.seq if message == gateway.simulator.api.link_request and flow.token_answer else 0
        about = _about(flow, gateway, message)
        flow.requests[message] = gateway.app_request_after(message, max(after, flow.start), flow.wait, about)
    return flow.requests[message]


def _about(flow: HipLink, gateway: SimulatorHost, message: str) -> Callable[[Exchange], bool]:
    """This scenario's `message` (not an earlier scenario's late one) about this patient and authentication."""
    naming = _naming(flow, gateway, message)
    return lambda e: flow.owns(e) and (naming is None or naming(e))


def _naming(flow: HipLink, gateway: SimulatorHost, message: str) -> Callable[[Exchange], bool] | None:
    address = flow.abha_address.lower()
    if message == "auth-init":
        return lambda e: str(protocol.get(e.request_json, "query", "id")).lower() == address
    if message in ("generate-token", "link-carecontext"):
        return lambda e: str(protocol.get(e.request_json, "abhaAddress")).lower() == address
    if message == "auth-confirm":
        transaction = _auth_transaction(flow, gateway)
        return lambda e: protocol.get(e.request_json, "transactionId") == transaction
    if message == "add-contexts":  # a token the gateway never issued is the app's own mistake: it counts
        linking, api = gateway.simulator.linking, gateway.simulator.api
        return lambda e: str(linking.holder(hip_linking.presented_token(api, e)) or address).lower() == address
    return None


def _links_of(flow: HipLink, gateway: SimulatorHost) -> list[Exchange]:
    """The link requests the HIP sent for this patient since the clerk started linking."""
    api = gateway.simulator.api
    about = _about(flow, gateway, api.link_request)
    return [e for e in gateway.simulator.exchanges[flow.origin :] if e.message == api.link_request and about(e)]


def _flow(conversation: Conversation) -> HipLink:
    if conversation.hip_link is None or not conversation.hip_link.method:
        raise ValueError("the scenario must have the clerk start linking first")  # a mistake in the feature file
    return conversation.hip_link


def _auth_transaction(flow: HipLink, gateway: SimulatorHost) -> str | None:
    """The authentication the gateway opened for the HIP's users/auth/init (v0.5)."""
    asked = _request(flow, gateway, "auth-init")
    app_requests.app_requested(asked)
    app_requests.answered_without_error(asked.answer, AUTH_REQUESTED)
    assert asked.answer is not None  # answered_without_error checked it
    transaction = protocol.get(asked.answer.request_json, "auth", "transactionId")
    flow.claim(transaction)
    return transaction


@when(parsers.parse("the clerk links the patient's {ordinal} care context to their ABHA address by {method}"))
def the_clerk_links(
    conversation: Conversation,
    gateway: SimulatorHost,
    target: Target,
    operator: Operator,
    ordinal: str,
    method: str,
) -> None:
    start_linking(conversation, gateway, target, operator, ordinal, method)


@when("the clerk links the patient's first care context by demographics, with a year of birth the patient misstated")
def the_clerk_links_misstated(
    conversation: Conversation, gateway: SimulatorHost, target: Target, operator: Operator
) -> None:
    start_linking(conversation, gateway, target, operator, "first", "demographics", misstated=True)


def start_linking(
    conversation: Conversation,
    gateway: SimulatorHost,
    target: Target,
    operator: Operator,
    ordinal: str,
    method_name: str,
    misstated: bool = False,
) -> None:
    patient, api = conversation.patient, gateway.simulator.api
    gateway.simulator.linking.register(patient)  # the patient's ABHA account, as the consent manager holds it
    known = [c for c in patient.care_contexts if c.hi_type in api.hi_types]
    chosen = [known[CARE_CONTEXT_ORDINALS[ordinal]]]
    year = patient.year_of_birth + (1 if misstated else 0)
    demographics = {"name": patient.name, "gender": patient.gender, "year_of_birth": year}
    earlier = conversation.hip_link
    flow = HipLink(METHODS[method_name], chosen, demographics, patient.abha_address)
    flow.owns, flow.claim = conversation.owns, conversation.claim
    if earlier is not None:
        flow.earlier_tokens = [*earlier.earlier_tokens, *([earlier.token] if earlier.token else [])]
    conversation.hip_link = flow
    flow.origin = len(gateway.simulator.exchanges)
    params = {
        "api_version": api.version,
        "abha_address": patient.abha_address,
        "abha_number": patient.abha_number,
        "method": flow.method,
        "patient_reference": patient.reference,
        "care_contexts": [c.reference for c in chosen],
        "demographics": demographics,
    }
    context = chosen[0]
    instruction = (
        f"in the HIP, link care context {context.reference} ({context.display}) of patient {patient.reference} "
        f"to ABHA address {patient.abha_address} by {method_name}; the patient says: {demographics}"
    )
    _act(flow, gateway, target, operator, "link-care-contexts", params, instruction)


@then(parsers.parse("the HIP asks the gateway to authenticate the patient by {method}"))
def the_hip_asks_to_authenticate(
    conversation: Conversation, gateway: SimulatorHost, target: Target, method: str
) -> None:
    api = gateway.simulator.api
    request = app_requests.app_requested(_request(_flow(conversation), gateway, api.auth_request))
    exchanges.accepted_by_gateway(request)
    body = exchanges.conforms_to_schema(request)
    hip_linking.asks_to_authenticate(api, body, conversation.patient, METHODS[method], target.hip_id)


@then("the gateway texts the patient an OTP and the HIP accepts the gateway's answer")
def the_gateway_texts_an_otp(conversation: Conversation, gateway: SimulatorHost) -> None:
    flow = _flow(conversation)
    _auth_transaction(flow, gateway)
    app_requests.accepts_gateway_answer(flow.requests["auth-init"])


@when("the patient tells the clerk the OTP")
def the_patient_tells_the_otp(
    conversation: Conversation, gateway: SimulatorHost, target: Target, operator: Operator
) -> None:
    tell_otp(conversation, gateway, target, operator, correct=True)


@when("the patient tells the clerk a wrong OTP")
def the_patient_tells_a_wrong_otp(
    conversation: Conversation, gateway: SimulatorHost, target: Target, operator: Operator
) -> None:
    tell_otp(conversation, gateway, target, operator, correct=False)


def tell_otp(
    conversation: Conversation, gateway: SimulatorHost, target: Target, operator: Operator, correct: bool
) -> None:
    flow = _flow(conversation)
    transaction = _auth_transaction(flow, gateway)
    sent = gateway.simulator.linking.authentications[str(transaction)].otp
    if sent is None:
        raise ValueError(f"a {flow.method} authentication sends no OTP")  # a mistake in the feature file
    flow.otp = sent if correct else wrong(sent)
    params = {"api_version": gateway.simulator.api.version, "abha_address": conversation.patient.abha_address}
    instruction = f"in the HIP, enter the OTP {flow.otp} that the patient read out"
    _act(flow, gateway, target, operator, "enter-otp", {**params, "otp": flow.otp}, instruction)


@when("the patient approves the HIP's request in the PHR app")
def the_patient_approves(conversation: Conversation, gateway: SimulatorHost) -> None:
    flow = _flow(conversation)
    conversation.record(gateway.patient_decides(str(_auth_transaction(flow, gateway)), granted=True))


@when("the patient rejects the HIP's request in the PHR app")
def the_patient_rejects(conversation: Conversation, gateway: SimulatorHost) -> None:
    flow = _flow(conversation)
    conversation.record(gateway.patient_decides(str(_auth_transaction(flow, gateway)), granted=False))


@then("the HIP sends the gateway the OTP the patient gave")
@then("the HIP sends the gateway the demographics the patient gave")
def the_hip_sends_the_credential(conversation: Conversation, gateway: SimulatorHost) -> None:
    flow, api = _flow(conversation), gateway.simulator.api
    request = app_requests.app_requested(_request(flow, gateway, api.credential_request))
    exchanges.accepted_by_gateway(request)
    body = exchanges.conforms_to_schema(request)
    transaction = _auth_transaction(flow, gateway) if api.version == "v0.5" else None
    hip_linking.sends_credential(api, body, flow.method, transaction, flow.otp, flow.demographics)


@then("the gateway issues a linking token and the HIP accepts it")
def the_gateway_issues_a_token(conversation: Conversation, gateway: SimulatorHost) -> None:
    flow, api = _flow(conversation), gateway.simulator.api
    if flow.method == "DIRECT" and api.version == "v0.5":  # the patient's approval carries the token
        answer = conversation.last.request
        exchanges.acknowledged(answer)
    else:
        asked = _request(flow, gateway, api.credential_request)
        app_requests.app_requested(asked)
        app_requests.answered_without_error(asked.answer, CREDENTIAL_SENT)
        app_requests.accepts_gateway_answer(asked)
        answer = asked.answer
    assert answer is not None  # answered_without_error checked it
    flow.token_answer, flow.token = answer, hip_linking.issued_token(answer)


@then("the HIP links the care context with that token")
def the_hip_links_with_the_token(conversation: Conversation, gateway: SimulatorHost) -> None:
    flow, api = _flow(conversation), gateway.simulator.api
    if flow.token is None:
        raise ValueError("the scenario must have the gateway issue a token first")  # a mistake in the feature file
    asked = _request(flow, gateway, api.link_request)
    request = app_requests.app_requested(asked)
    exchanges.accepted_by_gateway(request)
    body = exchanges.conforms_to_schema(request)
    hip_linking.links_with(api, request, flow.token, issued_by="the gateway issued for this link")
    hip_linking.links_chosen(api, body, conversation.patient, flow.chosen)
    app_requests.answered_without_error(asked.answer, CONTEXTS_LINKED)
    app_requests.accepts_gateway_answer(asked)
    conversation.linked = flow.chosen


@then("the HIP linked nothing before the gateway issued the token")
def nothing_linked_early(conversation: Conversation, gateway: SimulatorHost) -> None:
    flow = _flow(conversation)
    if flow.token_answer is None:
        raise ValueError("the scenario must have the gateway issue a token first")  # a mistake in the feature file
    hip_linking.no_link_before(gateway.simulator.api, _links_of(flow, gateway), flow.token_answer)


@then("the HIP holds the care context as linked to the patient's ABHA address")
def the_hip_holds_the_link(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    if target.driver_url:  # without a driver only the gateway's record, checked with the link, shows it
        read = app_requests.read_back(gateway.read_back(f"/patients/{conversation.patient.abha_address}"))
        hip_linking.holds_as_linked(read, [c.reference for c in _flow(conversation).chosen], linked=True)


@then("the HIP links nothing")
def the_hip_links_nothing(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    flow, api = _flow(conversation), gateway.simulator.api
    about = _about(flow, gateway, api.link_request)
    gateway.app_request_after(api.link_request, flow.origin, target.timeouts.silence_seconds, about)
    hip_linking.links_nothing(api, _links_of(flow, gateway), "the authentication did not succeed")
    if target.driver_url:
        read = app_requests.read_back(gateway.read_back(f"/patients/{conversation.patient.abha_address}"))
        hip_linking.holds_as_linked(read, [c.reference for c in flow.chosen], linked=False)


@given(parsers.parse("the patient's first care context has been linked at the HIP by {method}"))
def linked_by_the_hip(
    conversation: Conversation, gateway: SimulatorHost, target: Target, operator: Operator, method: str
) -> None:
    start_linking(conversation, gateway, target, operator, "first", method)
    if METHODS[method] in protocol.OTP_MODES and gateway.simulator.api.version == "v0.5":
        tell_otp(conversation, gateway, target, operator, correct=True)
    elif METHODS[method] == "DIRECT":
        the_patient_approves(conversation, gateway)
    the_gateway_issues_a_token(conversation, gateway)
    the_hip_links_with_the_token(conversation, gateway)


@given("the patient's link token has lapsed at the gateway")
def the_link_token_lapsed(conversation: Conversation, gateway: SimulatorHost) -> None:
    gateway.simulator.linking.expire_link_tokens(conversation.patient.abha_address)


@given("a link token for the patient, issued to another HIP, has reached the HIP unasked")
def a_foreign_token_arrives(conversation: Conversation, gateway: SimulatorHost) -> None:
    gateway.simulator.linking.register(conversation.patient)
    delivered = gateway.hand_foreign_link_token(conversation.patient, OTHER_HIP)
    exchanges.acknowledged(delivered)  # the HIP may take the message; it must not use the token
    conversation.hip_link = HipLink("", [], {}, earlier_tokens=[hip_linking.issued_token(delivered)])


@then("the HIP does not link with a token it was not issued for this link")
def no_earlier_token_used(conversation: Conversation, gateway: SimulatorHost) -> None:
    flow, api = _flow(conversation), gateway.simulator.api
    about = _about(flow, gateway, api.link_request)
    first = app_requests.app_requested(gateway.app_request_after(api.link_request, flow.origin, flow.wait, about))
    if hip_linking.presented_token(api, first) in flow.earlier_tokens:
        raise CheckFailed(
            TOKEN_FRESH, f"{first.summary()} presents a token used for an earlier link or sent to the HIP unasked"
        )


@then("the HIP asks the gateway for a new link token when the gateway refuses the lapsed one")
def a_new_token_is_asked_for(conversation: Conversation, gateway: SimulatorHost) -> None:
    flow, api = _flow(conversation), gateway.simulator.api
    asked = gateway.app_request_after(api.auth_request, flow.origin, flow.wait, _about(flow, gateway, api.auth_request))
    if asked.request is None:
        raise CheckFailed(
            TOKEN_FRESH, f"the HIP asked for no new link token within {flow.wait:g} s of the lapsed one's refusal"
        )
    flow.requests[api.auth_request] = asked
