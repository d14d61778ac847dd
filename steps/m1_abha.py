"""Steps for M1 (CRT_ABHA_*, VRFY_ABHA_*, TAGGING_*): a clerk at the registration desk creates or
verifies a patient's ABHA through the desk's test driver; the harness is the ABHA service and the
patient who reads out the OTPs, and judges the desk's calls and what it holds afterwards."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from abdm_conformance.checks import abha, app_requests
from abdm_conformance.checks.rules import ABHA_MOBILE, CheckFailed
from abdm_conformance.config import RegistrationDesk, Target
from abdm_conformance.exchange import Exchange
from mocks.gateway.host import SimulatorHost
from steps.m2_linking import wrong
from steps.plugin import Conversation, DeskVisit

ENROL_OTP = "/v3/enrollment/request/otp"
BY_AADHAAR = "/v3/enrollment/enrol/byAadhaar"
BY_ABDM = "/v3/enrollment/auth/byAbdm"
SUGGESTION = "/v3/enrollment/enrol/suggestion"
ABHA_ADDRESS = "/v3/enrollment/enrol/abha-address"
CARD = "/v3/profile/account/abha-card"
LOGIN_OTP = "/v3/profile/login/request/otp"
LOGIN_VERIFY = "/v3/profile/login/verify"
PROFILE = "/v3/profile/account"
LOGIN_METHODS = {
    "Aadhaar OTP": ("AADHAAR_OTP", "aadhaar-verify", "aadhaar"),
    "mobile OTP": ("MOBILE_OTP", "mobile-verify", "abdm"),
}


def _desk(target: Target) -> RegistrationDesk:
    if target.desk is None:
        pytest.skip("not applicable: the target file names no registration desk ([desk])")
    return target.desk


def _visit(conversation: Conversation) -> DeskVisit:
    if conversation.desk is None:
        raise ValueError("the scenario must name the patient first")  # a mistake in the feature file
    return conversation.desk


def _act(visit: DeskVisit, gateway: SimulatorHost, target: Target, action: str, params: dict[str, Any]) -> None:
    _settled(gateway, target)  # an earlier patient's flow may still be finishing: its calls are not this one's
    visit.start = len(gateway.simulator.exchanges)
    visit.trigger = gateway.drive(action, params, _desk(target).driver_url)


def _call(
    visit: DeskVisit, gateway: SimulatorHost, path: str, timeout: float | None = None, fresh: bool = False
) -> Exchange | None:
    """The desk's latest call to `path`; waited for (with the callback deadline unless told) when there is
    none yet, or when `fresh`, one made since the desk was last made to act."""
    if fresh or path not in visit.calls:
        asked = gateway.app_request_after(f"abha {path}", visit.start, timeout)
        if asked.request is not None:
            visit.calls[path] = asked.request
        elif fresh:
            return None
    return visit.calls.get(path)


def _accepted(visit: DeskVisit, gateway: SimulatorHost, path: str) -> Any:
    return _judge(gateway, abha.called(_call(visit, gateway, path), path))


def _judge(gateway: SimulatorHost, call: Exchange) -> Any:
    """The body of the desk's call, once ABHA is known to have accepted it (else ABHA's reason)."""
    path = call.message.removeprefix("abha ")
    refusals = [r for r in gateway.simulator.abha.refusals if r.path == path]
    return abha.accepted_by_abha(call, refusals[-1].reason if refusals else None)


def _read_back(gateway: SimulatorHost, target: Target, path: str) -> Any:
    return app_requests.read_back(gateway.read_back(path, _desk(target).driver_url))


def _settled(gateway: SimulatorHost, target: Target) -> Any:
    """The desk's screen once its flow stops working (done, failed or waiting for an OTP): the driver
    answers /last-flow?wait_seconds=N as soon as it is, or after N seconds."""
    return _read_back(gateway, target, f"/last-flow?wait_seconds={target.timeouts.http_seconds / 2:g}")


# ---- who is at the desk ----


@given(parsers.parse("an Aadhaar holder with no ABHA number yet, the {ordinal} one"))
def an_aadhaar_holder(conversation: Conversation, gateway: SimulatorHost, target: Target, ordinal: str) -> None:
    _desk(target)
    conversation.desk = DeskVisit(gateway.simulator.abha.identities[{"first": 0, "second": 1}[ordinal]])


@given("the desk has verified the patient's ABHA number by Aadhaar OTP")
def the_desk_has_verified(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    the_clerk_verifies(conversation, gateway, target, "Aadhaar OTP")
    the_patient_tells_the_otp(conversation, gateway, target, "login")
    the_desk_reads_the_profile(conversation, gateway)


@given("a patient who holds an ABHA number")
def an_abha_holder(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    _desk(target)
    service = gateway.simulator.abha
    account = next(a for a in service.accounts.values() if a.identity == service.identities[2])
    conversation.desk = DeskVisit(service.identities[2], abha_number=account.abha_number)


# ---- creating an ABHA by Aadhaar OTP ----


@when(parsers.parse("the clerk creates an ABHA for the patient by Aadhaar OTP, giving {which} mobile"))
def the_clerk_creates(conversation: Conversation, gateway: SimulatorHost, target: Target, which: str) -> None:
    visit = _visit(conversation)
    linked = visit.identity.aadhaar_mobile
    another = (
        "9" + linked[:0:-1] if linked[:0:-1] != linked[1:] else "9" + linked[1:-1] + str((int(linked[-1]) + 1) % 10)
    )
    mobile = {"the Aadhaar-linked": linked, "another": another}[which]
    _settled(gateway, target)  # an earlier patient's flow may still be registering them
    visit.patients_before = _read_back(gateway, target, "/patients")
    _act(visit, gateway, target, "create-abha", {"aadhaar": visit.identity.aadhaar, "mobile": mobile})
    app_requests.driver_accepted(visit.trigger)


@when("the clerk enters the patient's Aadhaar number with a wrong check digit")
def the_clerk_mistypes(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    visit = _visit(conversation)
    aadhaar = visit.identity.aadhaar
    mistyped = aadhaar[:-1] + str((int(aadhaar[-1]) + 1) % 10)
    _act(visit, gateway, target, "create-abha", {"aadhaar": mistyped, "mobile": visit.identity.aadhaar_mobile})


@when(parsers.parse("the patient tells the clerk the {channel} OTP"))
def the_patient_tells_the_otp(conversation: Conversation, gateway: SimulatorHost, target: Target, channel: str) -> None:
    tell_otp(conversation, gateway, target, channel, correct=True)


@when("the patient tells the clerk a wrong Aadhaar OTP")
def the_patient_tells_a_wrong_otp(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    tell_otp(conversation, gateway, target, "Aadhaar", correct=False)


def tell_otp(conversation: Conversation, gateway: SimulatorHost, target: Target, channel: str, correct: bool) -> None:
    """The OTP ABHA sent for the desk's latest request, read out by the patient (or mistyped)."""
    visit = _visit(conversation)
    asked_by = LOGIN_OTP if channel == "login" else ENROL_OTP
    asked = _call(visit, gateway, asked_by, fresh=True)  # ABHA sends the OTP once the desk asked as ABHA requires
    if channel == "mobile" and asked is None:
        raise CheckFailed(ABHA_MOBILE, "the desk never asked ABHA for an OTP to the other mobile")
    _judge(gateway, abha.called(asked, asked_by))
    otp = gateway.simulator.abha.otps[-1].otp
    _act(visit, gateway, target, "enter-otp", {"otp": otp if correct else wrong(otp)})
    app_requests.driver_accepted(visit.trigger)


@then("the desk asks ABHA for an Aadhaar OTP, the Aadhaar number encrypted as ABHA requires")
def the_desk_asks_for_an_aadhaar_otp(conversation: Conversation, gateway: SimulatorHost) -> None:
    body = _accepted(_visit(conversation), gateway, ENROL_OTP)
    abha.asks_for_otp(body, ["abha-enrol"], "aadhaar", "aadhaar")


@then("the desk enrols the patient with the OTP, recording the patient's consent")
def the_desk_enrols(conversation: Conversation, gateway: SimulatorHost) -> None:
    visit = _visit(conversation)
    abha.records_consent(abha.called(_call(visit, gateway, BY_AADHAAR), BY_AADHAAR).request_json)
    _accepted(visit, gateway, BY_AADHAAR)
    visit.abha_number = visit.calls[BY_AADHAAR].response_json["ABHAProfile"]["ABHANumber"]


@then("ABHA refuses the OTP and the desk shows the error and registers no one")
def the_desk_shows_the_refusal(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    visit = _visit(conversation)
    abha.called(_call(visit, gateway, BY_AADHAAR), BY_AADHAAR)
    last_flow = _settled(gateway, target)
    abha.shows_the_refusal(last_flow, visit.patients_before, _read_back(gateway, target, "/patients"))


@then("the desk verifies the other mobile by OTP before it completes the ABHA")
def the_desk_verifies_the_mobile(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    visit = _visit(conversation)
    _settled(gateway, target)
    abha.mobile_verified_first(gateway.simulator.exchanges[visit.start :])


@then("the desk does not verify the Aadhaar-linked mobile again")
def the_desk_does_not_reverify(conversation: Conversation, gateway: SimulatorHost) -> None:
    visit = _visit(conversation)
    _accepted(visit, gateway, ABHA_ADDRESS)
    abha.mobile_not_verified_again(gateway.simulator.exchanges[visit.start :])


@then("the desk offers ABHA's address suggestions and creates one of them")
def the_desk_creates_a_suggested_address(conversation: Conversation, gateway: SimulatorHost) -> None:
    visit = _visit(conversation)
    _accepted(visit, gateway, ABHA_ADDRESS)
    suggestions = _call(visit, gateway, SUGGESTION, 0)
    abha.address_from_suggestions(suggestions, visit.calls[ABHA_ADDRESS])


@then("the desk holds the patient under the ABHA number and address ABHA issued")
def the_desk_holds_the_new_abha(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    visit = _visit(conversation)
    _accepted(visit, gateway, BY_AADHAAR)
    issued = visit.calls[BY_AADHAAR].response_json
    _accepted(visit, gateway, ABHA_ADDRESS)
    address = visit.calls[ABHA_ADDRESS].response_json.get("preferredAbhaAddress")
    _settled(gateway, target)
    abha.holds_patient(_read_back(gateway, target, "/patients"), issued["ABHAProfile"]["ABHANumber"], address)


@then("the desk gets the patient's ABHA card from ABHA")
def the_desk_gets_the_card(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    visit = _visit(conversation)
    _settled(gateway, target)
    abha.card_downloaded(_call(visit, gateway, CARD, 0))


@then("the desk refuses the number and sends ABHA nothing")
def the_desk_refuses_the_number(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    visit = _visit(conversation)
    path = LOGIN_OTP if visit.abha_number else ENROL_OTP
    _call(visit, gateway, path, target.timeouts.silence_seconds)
    calls = [e for e in gateway.simulator.exchanges[visit.start :] if e.message.startswith("abha ")]
    assert visit.trigger is not None
    abha.refused_before_any_call(visit.trigger, calls, "the mistyped number")


# ---- verifying an ABHA number ----


@when(parsers.parse("the clerk verifies the patient's ABHA number by {method}"))
def the_clerk_verifies(conversation: Conversation, gateway: SimulatorHost, target: Target, method: str) -> None:
    visit = _visit(conversation)
    params = {"abha_number": visit.abha_number, "method": LOGIN_METHODS[method][0]}
    _act(visit, gateway, target, "verify-abha", params)
    app_requests.driver_accepted(visit.trigger)


@when("the clerk enters the patient's ABHA number with a digit missing")
def the_clerk_drops_a_digit(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    visit = _visit(conversation)
    _act(visit, gateway, target, "verify-abha", {"abha_number": str(visit.abha_number)[:-1], "method": "AADHAAR_OTP"})


@then(parsers.parse("the desk asks ABHA to log the patient in by {method}, the ABHA number encrypted as ABHA requires"))
def the_desk_asks_to_log_in(conversation: Conversation, gateway: SimulatorHost, method: str) -> None:
    _, scope, otp_system = LOGIN_METHODS[method]
    body = _accepted(_visit(conversation), gateway, LOGIN_OTP)
    abha.asks_for_otp(body, ["abha-login", scope], "abha-number", otp_system)


@then("ABHA verifies the OTP and the desk reads the patient's profile")
def the_desk_reads_the_profile(conversation: Conversation, gateway: SimulatorHost) -> None:
    visit = _visit(conversation)
    _accepted(visit, gateway, LOGIN_VERIFY)
    abha.called(_call(visit, gateway, PROFILE), PROFILE)
    _accepted(visit, gateway, PROFILE)


@then("the desk holds the patient under their ABHA number, with one patient id")
def the_desk_holds_the_verified_abha(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    visit = _visit(conversation)
    _settled(gateway, target)
    abha.holds_patient(_read_back(gateway, target, "/patients"), str(visit.abha_number), None)
