"""Steps for M1 (CRT_ABHA_*, VRFY_ABHA_*, TAGGING_*): a clerk at the registration desk creates or
verifies a patient's ABHA through the desk's test driver; the harness is the ABHA service and the
patient who reads out the OTPs, and judges the desk's calls and what it holds afterwards."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from abdm_conformance import protocol
from abdm_conformance.checks import abha, app_requests
from abdm_conformance.checks.rules import ABHA_MOBILE, CheckFailed
from abdm_conformance.config import RegistrationDesk, Target
from abdm_conformance.exchange import ABHA_MESSAGE, Exchange
from mocks.abha.images import png
from mocks.gateway.host import SimulatorHost
from steps.m2_linking import wrong
from steps.plugin import Conversation, DeskVisit

ENROL_OTP = "/v3/enrollment/request/otp"
BY_AADHAAR = "/v3/enrollment/enrol/byAadhaar"
BY_ABDM = "/v3/enrollment/auth/byAbdm"
BY_DOCUMENT = "/v3/enrollment/enrol/byDocument"
DL_FLOW = ["abha-enrol", "mobile-verify", "dl-flow"]
SUGGESTION = "/v3/enrollment/enrol/suggestion"
ABHA_ADDRESS = "/v3/enrollment/enrol/abha-address"
CARD = "/v3/profile/account/abha-card"
LOGIN_OTP = "/v3/profile/login/request/otp"
LOGIN_VERIFY = "/v3/profile/login/verify"
VERIFY_USER = "/v3/profile/login/verify/user"
PROFILE = "/v3/profile/account"
ADDRESS_OTP = "/v3/phr/web/login/abha/request/otp"
ADDRESS_VERIFY = "/v3/phr/web/login/abha/verify"
ADDRESS_PROFILE = "/v3/phr/web/login/profile/abha-profile"
LOGIN_METHODS = {
    "Aadhaar OTP": ("AADHAAR_OTP", "aadhaar-verify", "aadhaar"),
    "mobile OTP": ("MOBILE_OTP", "mobile-verify", "abdm"),
}
# what the patient gives to find their ABHA → (driver parameter, loginHint, scope, otpSystem)
LOOKUPS = {
    "mobile": ("mobile", "mobile", ["abha-login", "mobile-verify"], "abdm"),
    "Aadhaar number": ("aadhaar", "aadhaar", ["abha-login", "aadhaar-verify"], "aadhaar"),
}
# whose OTP the patient reads out → (the call that asked ABHA to send it, the call that verifies it)
OTP_CALLS = {
    "Aadhaar": (ENROL_OTP, BY_AADHAAR),
    "mobile": (ENROL_OTP, BY_ABDM),
    "login": (LOGIN_OTP, LOGIN_VERIFY),
    "ABHA address login": (ADDRESS_OTP, ADDRESS_VERIFY),
}


def _desk(target: Target) -> RegistrationDesk:
    if target.desk is None:
        pytest.skip("not applicable: the target file names no registration desk ([desk])")
    return target.desk


def _arrives(conversation: Conversation, visit: DeskVisit) -> None:
    """The patient at the desk, for this scenario: the desk's calls it waits for are this scenario's."""
    visit.owns, visit.claim = conversation.owns, conversation.claim
    conversation.desk = visit


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
    none yet, or when `fresh`, one made since the desk was last made to act. Not one naming an ABHA transaction
    of an earlier scenario's flow: a slow desk may still be finishing it."""
    if fresh or path not in visit.calls:
        asked = gateway.app_request_after(f"abha {path}", visit.start, timeout, visit.owns)
        if asked.request is not None:
            visit.calls[path] = asked.request
            visit.claim(
                protocol.get(asked.request.request_json, "txnId"), protocol.get(asked.request.response_json, "txnId")
            )
        elif fresh:
            return None
    return visit.calls.get(path)


def _since_act(visit: DeskVisit, gateway: SimulatorHost) -> list[Exchange]:
    """This scenario's exchanges since the desk was last made to act: not an earlier flow's late calls."""
    return [e for e in gateway.simulator.exchanges[visit.start :] if visit.owns(e)]


def _accepted(visit: DeskVisit, gateway: SimulatorHost, path: str) -> Any:
    return _judge(gateway, abha.called(_call(visit, gateway, path), path))


def _judge(gateway: SimulatorHost, call: Exchange) -> Any:
    """The body of the desk's call, once ABHA is known to have accepted it (else ABHA's reason)."""
    return abha.accepted_by_abha(call, _refused_because(gateway, call.message.removeprefix(ABHA_MESSAGE)))


def _refused_because(gateway: SimulatorHost, path: str) -> str | None:
    """ABHA's reason for its latest refusal of a call to `path`."""
    refusals = [r for r in gateway.simulator.abha.refusals if r.path == path]
    return refusals[-1].reason if refusals else None


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
    _arrives(conversation, DeskVisit(gateway.simulator.abha.identities[{"first": 0, "second": 1}[ordinal]]))


@given("the desk has verified the patient's ABHA number by Aadhaar OTP")
def the_desk_has_verified(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    the_clerk_verifies(conversation, gateway, target, "Aadhaar OTP")
    the_patient_tells_the_otp(conversation, gateway, target, "login")
    the_desk_reads_the_profile(conversation, gateway)


@given("a patient who holds an ABHA number")
def an_abha_holder(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    _arrives(conversation, _holder(gateway, target, 2))


@given("a patient who shares their mobile with another ABHA holder")
def a_family_phone(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    _arrives(conversation, _holder(gateway, target, 4))  # the simulator's family phone (mocks/abha/ledger.py)


@given("an Aadhaar holder who has no ABHA number")
def no_abha_holder(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    _desk(target)
    identity = gateway.simulator.abha.identities[-1]  # never enrolled, and their mobile holds no ABHA
    _arrives(conversation, DeskVisit(identity, mobile=identity.aadhaar_mobile))


def _holder(gateway: SimulatorHost, target: Target, index: int) -> DeskVisit:
    _desk(target)
    service = gateway.simulator.abha
    account = next(a for a in service.accounts.values() if a.identity == service.identities[index])
    return DeskVisit(
        service.identities[index],
        abha_number=account.abha_number,
        abha_address=account.preferred_abha_address,
        mobile=account.mobile,
    )


# ---- creating an ABHA by Aadhaar OTP ----


@when(parsers.parse("the clerk creates an ABHA for the patient by Aadhaar OTP, giving {which} mobile"))
def the_clerk_creates(conversation: Conversation, gateway: SimulatorHost, target: Target, which: str) -> None:
    visit = _visit(conversation)
    linked = visit.identity.aadhaar_mobile
    another = (
        "9" + linked[:0:-1] if linked[:0:-1] != linked[1:] else "9" + linked[1:-1] + str((int(linked[-1]) + 1) % 10)
    )
    mobile = {"the Aadhaar-linked": linked, "another": another}[which]
    _note_patients(visit, gateway, target)
    _act(visit, gateway, target, "create-abha", {"aadhaar": visit.identity.aadhaar, "mobile": mobile})
    app_requests.driver_accepted(visit.trigger)


def _note_patients(visit: DeskVisit, gateway: SimulatorHost, target: Target) -> None:
    """The register before the desk acts, to tell whom this flow registered."""
    _settled(gateway, target)  # an earlier patient's flow may still be registering them
    visit.patients_before = _read_back(gateway, target, "/patients")


@when("the clerk enters the patient's Aadhaar number with a wrong check digit")
def the_clerk_mistypes(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    visit = _visit(conversation)
    aadhaar = visit.identity.aadhaar
    mistyped = aadhaar[:-1] + str((int(aadhaar[-1]) + 1) % 10)
    _act(visit, gateway, target, "create-abha", {"aadhaar": mistyped, "mobile": visit.identity.aadhaar_mobile})


@when(parsers.parse("the patient tells the clerk the {channel} OTP"))
def the_patient_tells_the_otp(conversation: Conversation, gateway: SimulatorHost, target: Target, channel: str) -> None:
    tell_otp(conversation, gateway, target, channel, correct=True)


@when(parsers.parse("the patient tells the clerk a wrong {channel} OTP"))
def the_patient_tells_a_wrong_otp(
    conversation: Conversation, gateway: SimulatorHost, target: Target, channel: str
) -> None:
    tell_otp(conversation, gateway, target, channel, correct=False)


@when("the patient asks for the OTP again")
def the_patient_asks_again(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    visit = _visit(conversation)
    _act(visit, gateway, target, "resend-otp", {})
    app_requests.driver_accepted(visit.trigger)


def tell_otp(conversation: Conversation, gateway: SimulatorHost, target: Target, channel: str, correct: bool) -> None:
    """The OTP ABHA sent for the desk's latest request, read out by the patient (or mistyped)."""
    visit = _visit(conversation)
    asked_by = OTP_CALLS[channel][0]
    asked = _call(visit, gateway, asked_by, fresh=True)  # ABHA sends the OTP once the desk asked as ABHA requires
    if channel == "mobile" and asked is None:
        raise CheckFailed(ABHA_MOBILE, "the desk never asked ABHA for an OTP to verify the mobile")
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


@then(parsers.parse("ABHA refuses the {channel} OTP and the desk shows the error and registers no one"))
def the_desk_shows_the_refusal(
    conversation: Conversation, gateway: SimulatorHost, target: Target, channel: str
) -> None:
    visit = _visit(conversation)
    verified_at = OTP_CALLS[channel][1]
    abha.called(_call(visit, gateway, verified_at), verified_at)
    _shows_the_refusal(visit, gateway, target, "the wrong OTP")


@then("ABHA finds no ABHA number and the desk shows the error and registers no one")
def the_desk_shows_none_found(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    visit = _visit(conversation)
    abha.called(_call(visit, gateway, LOGIN_OTP), LOGIN_OTP)
    _shows_the_refusal(visit, gateway, target, "the search (no ABHA number found)")


def _shows_the_refusal(visit: DeskVisit, gateway: SimulatorHost, target: Target, refused: str) -> None:
    last_flow = _settled(gateway, target)
    abha.shows_the_refusal(last_flow, visit.patients_before, _read_back(gateway, target, "/patients"), refused)


@then("the desk verifies the other mobile by OTP before it completes the ABHA")
def the_desk_verifies_the_mobile(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    visit = _visit(conversation)
    _settled(gateway, target)
    abha.mobile_verified_first(_since_act(visit, gateway), ABHA_ADDRESS)


@then("the desk does not verify the Aadhaar-linked mobile again")
def the_desk_does_not_reverify(conversation: Conversation, gateway: SimulatorHost) -> None:
    visit = _visit(conversation)
    _accepted(visit, gateway, ABHA_ADDRESS)
    abha.mobile_not_verified_again(_since_act(visit, gateway))


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
    calls = [e for e in _since_act(visit, gateway) if e.message.startswith(ABHA_MESSAGE)]
    assert visit.trigger is not None
    abha.refused_before_any_call(visit.trigger, calls, "the mistyped number")


# ---- verifying an ABHA number ----


@when(parsers.parse("the clerk verifies the patient's ABHA number by {method}"))
def the_clerk_verifies(conversation: Conversation, gateway: SimulatorHost, target: Target, method: str) -> None:
    visit = _visit(conversation)
    params = {"abha_number": visit.abha_number, "method": LOGIN_METHODS[method][0]}
    _note_patients(visit, gateway, target)
    _act(visit, gateway, target, "verify-abha", params)
    app_requests.driver_accepted(visit.trigger)


@when(parsers.parse("the clerk verifies the patient's ABHA address by {method}"))
def the_clerk_verifies_the_address(
    conversation: Conversation, gateway: SimulatorHost, target: Target, method: str
) -> None:
    visit = _visit(conversation)
    params = {"abha_address": visit.abha_address, "method": LOGIN_METHODS[method][0]}
    _note_patients(visit, gateway, target)
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


@then(
    parsers.parse("the desk asks ABHA to log the patient in by {method}, the ABHA address encrypted as ABHA requires")
)
def the_desk_asks_to_log_in_by_address(conversation: Conversation, gateway: SimulatorHost, method: str) -> None:
    _, scope, otp_system = LOGIN_METHODS[method]
    body = _accepted(_visit(conversation), gateway, ADDRESS_OTP)
    abha.asks_for_otp(body, ["abha-address-login", scope], "abha-address", otp_system)


@then("ABHA verifies the OTP and the desk reads the patient's PHR profile")
def the_desk_reads_the_phr_profile(conversation: Conversation, gateway: SimulatorHost) -> None:
    visit = _visit(conversation)
    _accepted(visit, gateway, ADDRESS_VERIFY)
    _accepted(visit, gateway, ADDRESS_PROFILE)


@then("ABHA verifies the OTP and the desk reads the patient's profile")
def the_desk_reads_the_profile(conversation: Conversation, gateway: SimulatorHost) -> None:
    visit = _visit(conversation)
    _accepted(visit, gateway, LOGIN_VERIFY)
    _accepted(visit, gateway, PROFILE)


@then(parsers.re(r"the desk holds the patient under their ABHA number(?P<address> and address)?, with one patient id"))
def the_desk_holds_the_verified_abha(
    conversation: Conversation, gateway: SimulatorHost, target: Target, address: str | None
) -> None:
    visit = _visit(conversation)
    screen = _settled(gateway, target)
    held = _read_back(gateway, target, "/patients")
    abha.registers(screen, visit.patients_before, held, str(visit.abha_number), visit.abha_address if address else None)


# ---- finding an ABHA by mobile or Aadhaar number ----


@when(parsers.parse("the clerk looks up the patient's ABHA by their {key}"))
def the_clerk_looks_up(conversation: Conversation, gateway: SimulatorHost, target: Target, key: str) -> None:
    visit = _visit(conversation)
    parameter = LOOKUPS[key][0]
    _note_patients(visit, gateway, target)
    given = visit.mobile if parameter == "mobile" else visit.identity.aadhaar
    _act(visit, gateway, target, "find-abha", {parameter: given})
    app_requests.driver_accepted(visit.trigger)


@then(parsers.parse("the desk asks ABHA for an OTP to find the patient by their {key}, encrypted as ABHA requires"))
def the_desk_asks_to_find(conversation: Conversation, gateway: SimulatorHost, key: str) -> None:
    _, login_hint, scope, otp_system = LOOKUPS[key]
    body = _accepted(_visit(conversation), gateway, LOGIN_OTP)
    abha.asks_for_otp(body, scope, login_hint, otp_system)


@then("the desk shows every ABHA number on the mobile")
def the_desk_shows_the_accounts(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    visit = _visit(conversation)
    _accepted(visit, gateway, LOGIN_VERIFY)
    on_the_mobile = [a.abha_number for a in gateway.simulator.abha.ledger.accounts_on(str(visit.mobile))]
    abha.shows_every_account(_settled(gateway, target), on_the_mobile)


@when("the patient picks their own ABHA number")
def the_patient_picks(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    visit = _visit(conversation)
    _act(visit, gateway, target, "select-account", {"abha_number": visit.abha_number})
    app_requests.driver_accepted(visit.trigger)


@then("the desk goes on with the ABHA number the patient picked")
def the_desk_goes_on(conversation: Conversation, gateway: SimulatorHost) -> None:
    visit = _visit(conversation)
    abha.continues_with(_call(visit, gateway, VERIFY_USER), str(visit.abha_number))
    _accepted(visit, gateway, VERIFY_USER)


@then("the desk verifies the OTP sent again under the transaction ABHA sent it with")
def the_desk_verifies_the_resent_otp(conversation: Conversation, gateway: SimulatorHost) -> None:
    visit = _visit(conversation)
    verify = abha.called(_call(visit, gateway, LOGIN_VERIFY), LOGIN_VERIFY)
    abha.verified_under_latest(verify, visit.calls[LOGIN_OTP], _refused_because(gateway, LOGIN_VERIFY))
    _accepted(visit, gateway, LOGIN_VERIFY)


# ---- creating an ABHA by driving licence ----


@given("a patient who holds a driving licence and no ABHA number")
def a_licence_holder(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    _desk(target)
    licence = gateway.simulator.abha.licences[0]
    # A mobile no ABHA holds, derived from the licence so that a run is reproducible.
    _arrives(conversation, DeskVisit(licence, mobile="9" + licence.document_id[-9:]))


@when(
    parsers.re(
        r"the clerk creates an ABHA for the patient by driving licence(?P<wrong_dob>, typing a wrong date of birth)?"
    )
)
def the_clerk_enrols_by_licence(
    conversation: Conversation, gateway: SimulatorHost, target: Target, wrong_dob: str | None
) -> None:
    visit = _visit(conversation)
    printed = _as_printed(visit)
    if wrong_dob:
        year, rest = printed["dob"].split("-", 1)
        printed["dob"] = f"{int(year) + 1}-{rest}"
    _note_patients(visit, gateway, target)
    licence = {
        "type": printed["documentType"],
        "number": printed["documentId"],
        **{key: printed[name] for key, name in LICENCE_FIELDS.items()},
    }
    _act(
        visit,
        gateway,
        target,
        "create-abha-by-document",
        {"mobile": visit.mobile, "licence": licence, **_photos(visit)},
    )
    app_requests.driver_accepted(visit.trigger)


@then("the desk asks ABHA for an OTP to the patient's mobile in the driving-licence flow, encrypted as ABHA requires")
def the_desk_asks_for_a_dl_otp(conversation: Conversation, gateway: SimulatorHost) -> None:
    body = _accepted(_visit(conversation), gateway, ENROL_OTP)
    abha.asks_for_otp(body, DL_FLOW, "mobile", "abdm")


@then("the desk verifies the mobile by OTP before it enrols the patient by the licence")
def the_desk_verifies_before_byDocument(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    visit = _visit(conversation)
    _settled(gateway, target)
    abha.mobile_verified_first(_since_act(visit, gateway), BY_DOCUMENT)


@then("the desk enrols the patient by the licence, recording the patient's consent")
def the_desk_enrols_by_licence(conversation: Conversation, gateway: SimulatorHost) -> None:
    visit = _visit(conversation)
    abha.records_consent(abha.called(_call(visit, gateway, BY_DOCUMENT), BY_DOCUMENT).request_json)
    _accepted(visit, gateway, BY_DOCUMENT)


@then("the desk sends the licence's details as printed and photos of both its sides")
def the_desk_sends_the_licence(conversation: Conversation, gateway: SimulatorHost) -> None:
    visit = _visit(conversation)
    body = _accepted(visit, gateway, BY_DOCUMENT)
    photos = _photos(visit)
    abha.sends_the_licence(
        body, _as_printed(visit), {"frontSidePhoto": photos["front_photo"], "backSidePhoto": photos["back_photo"]}
    )


@then("ABHA refuses the licence's details and the desk shows the error and registers no one")
def the_desk_shows_the_document_refusal(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    visit = _visit(conversation)
    abha.called(_call(visit, gateway, BY_DOCUMENT), BY_DOCUMENT)
    _shows_the_refusal(visit, gateway, target, "the licence's details")


@then("the desk holds the patient under the provisional ABHA number and address ABHA issued")
def the_desk_holds_the_provisional_abha(conversation: Conversation, gateway: SimulatorHost, target: Target) -> None:
    visit = _visit(conversation)
    _accepted(visit, gateway, BY_DOCUMENT)
    enrolled = visit.calls[BY_DOCUMENT].response_json["EnrolProfile"]
    _settled(gateway, target)
    held = _read_back(gateway, target, "/patients")
    abha.holds_patient(held, enrolled["enrolmentNumber"], (enrolled.get("phrAddress") or [None])[0])


# byDocument's names for the licence's details → the driver's
LICENCE_FIELDS = {
    "first_name": "firstName",
    "middle_name": "middleName",
    "last_name": "lastName",
    "dob": "dob",
    "gender": "gender",
    "address": "address",
    "state": "state",
    "district": "district",
    "pin_code": "pinCode",
}


def _as_printed(visit: DeskVisit) -> dict[str, str]:
    """The licence's details as printed on it, in byDocument's names."""
    licence = visit.identity
    printed = {name: getattr(licence, key) for key, name in LICENCE_FIELDS.items()}
    return {"documentType": "DRIVING_LICENCE", "documentId": licence.document_id, **printed}


def _photos(visit: DeskVisit) -> dict[str, str]:
    """Photos of the licence's two sides, as the patient hands them over (base64 PNGs)."""
    number = visit.identity.document_id
    return {
        f"{side}_photo": base64.b64encode(png({"licence": number, "side": side})).decode("ascii")
        for side in ("front", "back")
    }
