"""Steps every flow shares: who the patient is, and what any callback must satisfy."""

from __future__ import annotations

import dataclasses

import pytest
from faker import Faker
from pytest_bdd import given, parsers, then

from abdm_conformance.checks import discovery, exchanges
from abdm_conformance.config import Target, TestPatient
from mocks.gateway.host import SimulatorHost
from mocks.gateway.simulator import Credential
from steps.plugin import Conversation

ORDINALS = {"first": 0, "second": 1}
CREDENTIALS = {credential.value: credential for credential in Credential}  # "no token", ...


def test_patient(target: Target, ordinal: str) -> TestPatient:
    return target.patients[ORDINALS[ordinal]]


@pytest.fixture(scope="session")
def strangers(gateway: SimulatorHost) -> Faker:
    """Where people no app has seen come from: new ones each run, since a long-running HIP remembers an earlier
    run's strangers (and keeps their link tokens); the same ones for the same run number of the simulator's state."""
    fake = Faker("en_IN")
    fake.seed_instance(f"strangers-{gateway.simulator.state.run_number}")
    return fake


def stranger(fake: Faker) -> TestPatient:
    """A plausible person no HIP holds: a fresh ABHA address, mobile and ABHA number."""
    name = fake.name()
    return TestPatient(
        abha_address=f"{fake.user_name()}.{fake.random_number(digits=6, fix_len=True)}@sbx",
        abha_number=f"91-{fake.random_number(digits=4, fix_len=True)}-{fake.random_number(digits=4, fix_len=True)}"
        f"-{fake.random_number(digits=4, fix_len=True)}",
        name=name,
        gender=fake.random_element(("M", "F")),
        year_of_birth=fake.random_int(1940, 2010),
        mobile=f"9{fake.random_number(digits=9, fix_len=True)}",
        reference="",
        care_contexts=(),
    )


@given(parsers.parse("the {ordinal} test patient"))
def the_test_patient(conversation: Conversation, target: Target, ordinal: str) -> None:
    conversation.patient = test_patient(target, ordinal)


@given(parsers.parse("the {ordinal} test patient under an ABHA address the HIP has not seen"))
def the_test_patient_under_a_new_address(
    conversation: Conversation, target: Target, strangers: Faker, ordinal: str
) -> None:
    patient = test_patient(target, ordinal)
    conversation.patient = dataclasses.replace(patient, abha_address=stranger(strangers).abha_address)


@given("a person the HIP does not hold")
def a_stranger(conversation: Conversation, strangers: Faker) -> None:
    conversation.patient = stranger(strangers)


@then("the HIP acknowledges the request")
def the_hip_acknowledges(conversation: Conversation) -> None:
    exchanges.acknowledged(conversation.last.request)


@then(parsers.parse("the {app} refuses the request with 401 and does not call back"))  # the HIP or the HIU
def the_app_refuses_with_401(conversation: Conversation) -> None:
    exchanges.refused_without_gateway_token(conversation.last, conversation.credential.value)


@then(parsers.parse('the HIP calls back with "{callback}" within the deadline'))
def the_hip_calls_back(conversation: Conversation, callback: str) -> None:
    if conversation.last.expected_callback != callback:  # a mistake in the feature file, not in the app
        raise ValueError(f"the scenario expects {callback} after {conversation.last.request.message}")
    exchanges.called_back(conversation.last)


@then("the gateway accepts the callback")
def the_gateway_accepts_the_callback(conversation: Conversation) -> None:
    exchanges.accepted_by_gateway(exchanges.called_back(conversation.last))


@then("the callback conforms to its ABDM schema")
def the_callback_conforms(conversation: Conversation) -> None:
    exchanges.conforms_to_schema(exchanges.called_back(conversation.last))


@then("the callback answers the request")
def the_callback_answers_the_request(conversation: Conversation) -> None:
    exchanges.answers_request(conversation.last)


@then("the callback carries the discovery transaction id")
def the_callback_carries_the_transaction(conversation: Conversation) -> None:
    callback = exchanges.called_back(conversation.last)
    discovery.reuses_transaction_id(callback.request_json, conversation.discovery_transaction_id, callback.message)
