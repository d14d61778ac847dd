"""Steps for scan-and-share: the patient shares their profile at the HIP's counter."""

from __future__ import annotations

from pytest_bdd import parsers, then, when

from abdm_conformance.checks import exchanges, profile_share
from mocks.gateway.host import SimulatorHost
from steps.plugin import Conversation


@when(parsers.parse('the patient scans the HIP\'s QR code at counter "{counter}" and shares their profile'))
def the_patient_shares_the_profile(conversation: Conversation, gateway: SimulatorHost, counter: str) -> None:
    conversation.record(gateway.share_profile(conversation.patient, counter))


@then("the HIP gives the patient a token number")
def the_hip_gives_a_token(conversation: Conversation, gateway: SimulatorHost) -> None:
    callback = exchanges.called_back(conversation.last)
    exchanges.accepted_by_gateway(callback)
    token = profile_share.acknowledges_with_token(
        gateway.simulator.api, callback.request_json, conversation.patient.abha_address
    )
    conversation.tokens.append(token)


@then("the token is valid for 30 minutes")
def the_token_lasts_30_minutes(conversation: Conversation, gateway: SimulatorHost) -> None:
    profile_share.token_valid_for_30_minutes(
        gateway.simulator.api, exchanges.called_back(conversation.last).request_json
    )


@then("the two patients' token numbers differ")
def the_tokens_differ(conversation: Conversation) -> None:
    profile_share.tokens_differ(conversation.tokens)
