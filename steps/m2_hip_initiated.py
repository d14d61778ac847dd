"""Steps for what the HIP initiates: scan-and-share at its counter, SMS notify through its test driver."""

from __future__ import annotations

import pytest
from pytest_bdd import parsers, then, when

from abdm_conformance.checks import app_requests, exchanges, profile_share
from abdm_conformance.config import Target
from mocks.gateway.host import SimulatorHost
from steps.plugin import Conversation, Operator


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
    body = exchanges.called_back(conversation.last).request_json
    profile_share.token_valid_for_30_minutes(gateway.simulator.api, body)


@then("the two patients' token numbers differ")
def the_tokens_differ(conversation: Conversation) -> None:
    profile_share.tokens_differ(conversation.tokens)


@when("a new record is created at the HIP for the patient, known by mobile number only")
def a_record_for_a_mobile(
    conversation: Conversation, gateway: SimulatorHost, target: Target, operator: Operator
) -> None:
    mobile = conversation.patient.mobile
    if target.driver_url:
        params = {"mobile": mobile, "api_version": target.api_version}
        conversation.asked = gateway.ask_app_to_act("notify-new-record", params, expected="sms-notify")
        app_requests.driver_accepted(conversation.asked.trigger)
    elif target.interactive:
        operator.instruct(
            f"in the HIP, create a new record for a patient known only by mobile {mobile} "
            "(no ABHA address), so that the HIP notifies the patient by SMS",
            target.timeouts.operator_seconds,
        )
        conversation.asked = gateway.await_operator("sms-notify")
    else:
        pytest.skip("needs the app's test driver ([driver] url in the target file) or --interactive")


@then("the HIP sends the gateway an SMS notify within the deadline")
def the_hip_sends_the_notify(conversation: Conversation) -> None:
    app_requests.app_requested(conversation.asked)


@then("the gateway accepts the notify")
def the_gateway_accepts_the_notify(conversation: Conversation) -> None:
    exchanges.accepted_by_gateway(app_requests.app_requested(conversation.asked))


@then("the notify conforms to its ABDM schema")
def the_notify_conforms(conversation: Conversation) -> None:
    exchanges.conforms_to_schema(app_requests.app_requested(conversation.asked))


@then("the notify names the patient's mobile number and the HIP")
def the_notify_names_the_mobile(conversation: Conversation, target: Target) -> None:
    body = app_requests.app_requested(conversation.asked).request_json
    app_requests.notifies_by_mobile(body, conversation.patient.mobile, target.hip_id)


@then("the HIP accepts the gateway's acknowledgement")
def the_hip_accepts_the_acknowledgement(conversation: Conversation) -> None:
    app_requests.accepts_gateway_answer(conversation.asked)
