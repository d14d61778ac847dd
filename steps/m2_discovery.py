"""Steps for M2 user-initiated discovery: the PHR app shares a profile, the HIP answers."""

from __future__ import annotations

from pytest_bdd import parsers, then, when

from abdm_conformance.checks import discovery, exchanges
from mocks.gateway.host import SimulatorHost
from steps.common import CREDENTIALS
from steps.plugin import Conversation


@when("the PHR app shares the patient's profile with the HIP")
def the_phr_app_shares_the_profile(conversation: Conversation, gateway: SimulatorHost) -> None:
    conversation.discovery = conversation.record(gateway.discover(conversation.patient))


@when(parsers.parse("the gateway sends the patient's discovery request to the HIP with {credential}"))
def the_gateway_sends_with(conversation: Conversation, gateway: SimulatorHost, credential: str) -> None:
    conversation.credential = CREDENTIALS[credential]
    conversation.record(gateway.discover(conversation.patient, conversation.credential))


@then("the HIP returns exactly the patient's care contexts")
def the_hip_returns_the_care_contexts(conversation: Conversation, gateway: SimulatorHost) -> None:
    callback = exchanges.called_back(conversation.last)
    discovery.offers_exactly_the_care_contexts(gateway.simulator.api, callback.request_json, conversation.patient)


@then("each HI type group counts its care contexts")
def each_group_counts(conversation: Conversation) -> None:
    discovery.groups_care_contexts_by_hi_type(exchanges.called_back(conversation.last).request_json)


@then("the callback reports that the patient was not found")
def the_patient_was_not_found(conversation: Conversation) -> None:
    discovery.reports_patient_not_found(exchanges.called_back(conversation.last).request_json)
