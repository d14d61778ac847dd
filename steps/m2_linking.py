"""Steps for M2 user-initiated linking: link init, OTP, confirm, and the HIP's validation."""

from __future__ import annotations

import dataclasses
import uuid

from pytest_bdd import given, parsers, then, when

from abdm_conformance import protocol
from abdm_conformance.checks import discovery, exchanges, linking
from abdm_conformance.config import Target
from abdm_conformance.protocol import FoundCareContext
from mocks.gateway.host import SimulatorHost
from steps.common import test_patient
from steps.plugin import Conversation


def _accepted_callback_body(conversation: Conversation) -> object:
    callback = exchanges.called_back(conversation.last)
    exchanges.accepted_by_gateway(callback)
    return exchanges.conforms_to_schema(callback)


def _ask_to_link(
    conversation: Conversation,
    gateway: SimulatorHost,
    chosen: list[FoundCareContext],
    transaction_id: str | None = None,
) -> None:
    conversation.selected = chosen
    patient = conversation.patient
    transaction_id = transaction_id or conversation.discovery_transaction_id
    conversation.record(gateway.link_init(transaction_id, patient.abha_address, patient.reference, chosen))


def wrong(otp: str) -> str:
    """An OTP of the same length that differs in every digit."""
    return "".join(str((int(c) + 5) % 10) if c.isdigit() else "0" for c in otp)


@given(parsers.parse("the {ordinal} test patient has discovered their care contexts at the HIP"))
def the_patient_has_discovered(
    conversation: Conversation, gateway: SimulatorHost, target: Target, ordinal: str
) -> None:
    conversation.patient = test_patient(target, ordinal)
    conversation.discovery = conversation.record(gateway.discover(conversation.patient))
    body = _accepted_callback_body(conversation)
    discovery.offers_exactly_the_care_contexts(gateway.simulator.api, body, conversation.patient)
    conversation.offered = protocol.care_contexts_in(gateway.simulator.api, body)


@when("the patient selects their first care context and asks to link it")
def the_patient_asks_to_link(conversation: Conversation, gateway: SimulatorHost) -> None:
    _ask_to_link(conversation, gateway, conversation.offered[:1])


@given("the patient has asked to link their first care context")
def the_patient_has_asked_to_link(conversation: Conversation, gateway: SimulatorHost) -> None:
    _ask_to_link(conversation, gateway, conversation.offered[:1])
    conversation.link_reference = linking.sends_otp_for_link(_accepted_callback_body(conversation))


@when("the patient asks to link their first care context under a transaction id the HIP never issued")
def the_patient_asks_under_a_foreign_transaction(conversation: Conversation, gateway: SimulatorHost) -> None:
    _ask_to_link(conversation, gateway, conversation.offered[:1], transaction_id=str(uuid.uuid4()))


@when(parsers.parse("the patient asks to link a care context of the {ordinal} test patient"))
def the_patient_asks_for_a_foreign_context(
    conversation: Conversation, gateway: SimulatorHost, target: Target, ordinal: str
) -> None:
    other = test_patient(target, ordinal)
    foreign = other.care_contexts[0]
    claimed = dataclasses.replace(
        conversation.offered[0], reference=foreign.reference, display=foreign.display, hi_type=foreign.hi_type
    )
    _ask_to_link(conversation, gateway, [claimed])


@then("the HIP sends an OTP to the patient for the link")
def the_hip_sends_an_otp(conversation: Conversation) -> None:
    conversation.link_reference = linking.sends_otp_for_link(exchanges.called_back(conversation.last).request_json)


@when("the patient confirms the link with the OTP")
def the_patient_confirms(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    conversation.record(gateway.link_confirm(conversation.link_reference, target.link_otp))


@when("the patient confirms the link with a wrong OTP")
def the_patient_confirms_wrongly(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    conversation.record(gateway.link_confirm(conversation.link_reference, wrong(target.link_otp)))


@when("the patient confirms a link reference the HIP never issued with the OTP")
def the_patient_confirms_a_foreign_reference(
    conversation: Conversation, gateway: SimulatorHost, target: Target
) -> None:
    conversation.record(gateway.link_confirm(str(uuid.uuid4()), target.link_otp))


@then("the HIP links exactly the selected care contexts")
def the_hip_links_the_selection(conversation: Conversation, gateway: SimulatorHost) -> None:
    body = exchanges.called_back(conversation.last).request_json
    selected = [c.reference for c in conversation.selected]
    linking.links_exactly(gateway.simulator.api, body, selected)
    conversation.linked = [c for c in conversation.patient.care_contexts if c.reference in selected]


@then("the HIP refuses the wrong OTP")
def the_hip_refuses_the_wrong_otp(conversation: Conversation, gateway: SimulatorHost) -> None:
    linking.refuses_wrong_otp(gateway.simulator.api, exchanges.called_back(conversation.last).request_json)


@then("the HIP refuses the request it cannot validate")
def the_hip_refuses_what_it_cannot_validate(conversation: Conversation, gateway: SimulatorHost) -> None:
    what = f"{conversation.last.request.message} it could not validate"
    linking.refuses_unvalidated_request(
        gateway.simulator.api, exchanges.called_back(conversation.last).request_json, what
    )
