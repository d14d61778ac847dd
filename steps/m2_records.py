"""Steps for M2 records: consents to the HIP, health-information requests, the encrypted transfer."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from pytest_bdd import given, parsers, then, when

from abdm_conformance.checks import exchanges, records
from abdm_conformance.config import CareContext, Target
from abdm_conformance.protocol import Consent
from mocks.gateway.host import SimulatorHost
from steps.common import test_patient
from steps.m2_linking import (
    the_hip_links_the_selection,
    the_patient_confirms,
    the_patient_has_asked_to_link,
    the_patient_has_discovered,
)
from steps.plugin import Conversation

CONSENT_FROM = datetime(2000, 1, 1, tzinfo=timezone.utc)
BEFORE_CONSENT = (datetime(1990, 1, 1, tzinfo=timezone.utc), datetime(1999, 12, 31, tzinfo=timezone.utc))


def grant(conversation: Conversation, gateway: SimulatorHost, target: Target, contexts: list[CareContext]) -> None:
    """A consent for these care contexts, as far as the API version knows their HI types."""
    known = [c for c in contexts if c.hi_type in gateway.simulator.api.hi_types]
    now = datetime.now(timezone.utc)
    conversation.consent = Consent(
        id=str(uuid.uuid4()),
        patient=conversation.patient,
        care_contexts=tuple(known),
        hi_types=tuple(dict.fromkeys(c.hi_type for c in known)),
        date_from=CONSENT_FROM,
        date_to=now,
        erase_at=now + timedelta(days=1),
        created_at=now,
        hip_id=target.hip_id,
        hiu_id="SIMULATED-HIU",
    )
    conversation.claim(conversation.consent.id)  # what the HIP's requests and pushes under it name


def consented(conversation: Conversation) -> dict[str, str]:
    return {c.reference: c.hi_type for c in conversation.consent.care_contexts}


@given(parsers.parse("the {ordinal} test patient has granted a consent for all their records"))
def consent_for_everything(conversation: Conversation, gateway: SimulatorHost, target: Target, ordinal: str) -> None:
    conversation.patient = test_patient(target, ordinal)
    grant(conversation, gateway, target, list(conversation.patient.care_contexts))


@given(parsers.parse('the {ordinal} test patient has granted a consent for their "{hi_type}" records only'))
def consent_for_one_type(
    conversation: Conversation, gateway: SimulatorHost, target: Target, ordinal: str, hi_type: str
) -> None:
    conversation.patient = test_patient(target, ordinal)
    grant(conversation, gateway, target, [c for c in conversation.patient.care_contexts if c.hi_type == hi_type])


@given(parsers.parse("the {ordinal} test patient has linked their first care context with the OTP"))
def linked_first_care_context(conversation: Conversation, gateway: SimulatorHost, target: Target, ordinal: str) -> None:
    the_patient_has_discovered(conversation, gateway, target, ordinal)
    the_patient_has_asked_to_link(conversation, gateway)
    the_patient_confirms(conversation, gateway, target)
    the_hip_links_the_selection(conversation, gateway)


@given("the patient has granted a consent for the linked records")
def consent_for_linked(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    grant(conversation, gateway, target, conversation.linked)


@when("the consent manager notifies the HIP of the consent")
def notify_granted(conversation: Conversation, gateway: SimulatorHost) -> None:
    conversation.record(gateway.notify_consent(conversation.consent, "GRANTED"))


@given("the HIP has saved the consent")
def the_hip_has_saved_the_consent(conversation: Conversation, gateway: SimulatorHost) -> None:
    notify_granted(conversation, gateway)
    the_hip_acknowledges_the_consent(conversation)


@when("the patient revokes the consent")
def revoke(conversation: Conversation, gateway: SimulatorHost) -> None:
    conversation.record(gateway.notify_consent(conversation.consent, "REVOKED"))


@when("the consent expires")
def expire(conversation: Conversation, gateway: SimulatorHost) -> None:
    conversation.record(gateway.notify_consent(conversation.consent, "EXPIRED"))


@when("the patient deactivates their ABHA")
def deactivate(conversation: Conversation, gateway: SimulatorHost) -> None:
    conversation.record(gateway.notify_patient_status(conversation.patient.abha_address, "DEACTIVATED"))


@then("the HIP acknowledges the consent")
def the_hip_acknowledges_the_consent(conversation: Conversation) -> None:
    callback = exchanges.called_back(conversation.last)
    exchanges.accepted_by_gateway(callback)
    records.acknowledges_consent(callback.request_json, conversation.consent.id)


@then("the HIP acknowledges the deactivation")
def the_hip_acknowledges_the_deactivation(conversation: Conversation) -> None:
    records.acknowledges_status_notify(exchanges.called_back(conversation.last).request_json)


def _ask(
    conversation: Conversation,
    gateway: SimulatorHost,
    dates: tuple[datetime, datetime] | None = None,
    tampered_key: bool = False,
) -> None:
    consent = conversation.consent
    date_from, date_to = dates or (consent.date_from, consent.date_to)
    conversation.transfer = gateway.request_health_information(consent, date_from, date_to, tampered_key)
    conversation.claim(conversation.transfer.transaction_id)  # a slow HIP's later pages are this scenario's
    conversation.record(conversation.transfer.request)


@when("the HIU asks for the records under the consent")
def ask_for_records(conversation: Conversation, gateway: SimulatorHost) -> None:
    _ask(conversation, gateway)


@when("the HIU asks for records from before the consent's date range")
def ask_for_records_before(conversation: Conversation, gateway: SimulatorHost) -> None:
    _ask(conversation, gateway, dates=BEFORE_CONSENT)


@when("the HIU asks for the records with a public key that is not on the curve")
def ask_with_tampered_key(conversation: Conversation, gateway: SimulatorHost) -> None:
    _ask(conversation, gateway, tampered_key=True)


@then("the HIP acknowledges the health-information request")
def the_hip_acknowledges_the_hi_request(conversation: Conversation) -> None:
    records.acknowledges_hi_request(conversation.transfer)


@then("the HIP refuses the request and pushes nothing")
def the_hip_refuses(conversation: Conversation) -> None:
    records.refuses_hi_request(conversation.transfer, f"consent {conversation.consent.id}")


@then("the records are pushed within the transfer deadline")
def pushed_in_time(conversation: Conversation) -> None:
    records.pushed_within_deadline(conversation.transfer)


@then("every pushed page conforms to its ABDM schema")
def pages_conform(conversation: Conversation) -> None:
    for push in conversation.transfer.pushes:
        exchanges.conforms_to_schema(push)


@then("every record decrypts with the HIU's keys")
def records_decrypt(conversation: Conversation) -> None:
    conversation.records = records.decrypted_records(conversation.transfer)


@then("every record's checksum holds")
def checksums(conversation: Conversation) -> None:
    records.checksums_hold(conversation.records)


@then("only the consented care contexts are pushed")
def only_consented(conversation: Conversation) -> None:
    records.only_consented(conversation.records, consented(conversation))


@then("every consented care context is pushed")
def every_consented(conversation: Conversation) -> None:
    records.complete(conversation.records, consented(conversation))


@then("every record is a valid FHIR document for its HI type")
def valid_documents(conversation: Conversation) -> None:
    records.valid_documents(conversation.records, consented(conversation))


@then("the HIP notifies the transfer with a status for every record")
def notified(conversation: Conversation) -> None:
    records.notifies_transfer(conversation.transfer, conversation.records, conversation.consent.id)


@then("the gateway accepts the notify, which conforms to its ABDM schema")
def notify_conforms(conversation: Conversation) -> None:
    exchanges.accepted_by_gateway(conversation.transfer.notify)
    exchanges.conforms_to_schema(conversation.transfer.notify)
