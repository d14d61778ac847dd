"""Creating an ABHA by Aadhaar OTP, step by step, and the ways the service refuses to."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mocks.abha.identities import with_verhoeff


def enrol(desk, service, identity, mobile):
    """Aadhaar OTP and byAadhaar; the enrolment's txnId and byAadhaar's answer."""
    txn_id = desk.start_enrolment(identity)
    status, enrolled = desk.by_aadhaar(txn_id, service.latest_otp(identity.aadhaar_mobile), mobile)
    assert status == 200, enrolled
    return txn_id, enrolled


def test_the_aadhaar_otp_goes_to_the_aadhaar_mobile(desk, service):
    identity = service.identities[0]
    status, answer = desk.aadhaar_otp(identity.aadhaar)
    assert status == 200
    assert answer["message"] == (
        f"OTP is sent to Aadhaar registered mobile number ending with ******{identity.aadhaar_mobile[-4:]}"
    )
    sent = service.otps[-1]
    assert (sent.txn_id, sent.channel, sent.to, sent.purpose) == (
        answer["txnId"],
        "aadhaar-mobile",
        identity.aadhaar_mobile,
        "abha-enrol",
    )
    assert len(sent.otp) == 6 and sent.otp.isdigit()
    assert service.latest_otp(identity.aadhaar_mobile) == sent.otp
    assert service.latest_otp("6000000000") is None


def test_the_whole_enrolment_with_another_communication_mobile(desk, service):
    identity, mobile = service.identities[0], "9123456780"
    txn_id, enrolled = enrol(desk, service, identity, mobile)
    profile = enrolled["ABHAProfile"]
    assert enrolled["message"] == "Account created successfully" and enrolled["isNew"] is True
    assert profile["mobile"] is None  # not the Aadhaar mobile: it must be verified first
    assert profile["firstName"] == identity.first_name and profile["gender"] == identity.gender
    assert profile["abhaType"] == "STANDARD" and profile["abhaStatus"] == "ACTIVE"
    # NHA ABDM v3 API, M1 "Enrol by Aadhaar" (POST /abha/api/v3/enrollment/enrol/byAadhaar), the example's keys:
    # the address in one line with the state's and district's names beside their codes.
    assert (profile["address"], profile["stateName"], profile["districtName"]) == (
        identity.address,
        identity.state,
        identity.district,
    )
    assert enrolled["tokens"].keys() == {"token", "expiresIn", "refreshToken", "refreshExpiresIn"}
    number = profile["ABHANumber"]
    assert service.accounts[number].identity == identity
    assert enrolled["tokens"]["expiresIn"] == 1800 and enrolled["tokens"]["refreshExpiresIn"] == 1296000

    status, answer = desk.mobile_otp(txn_id, mobile)
    assert status == 200 and answer["message"] == "OTP is sent to Mobile number ending with ******6780"
    assert (service.otps[-1].channel, service.otps[-1].to) == ("mobile", mobile)
    status, linked = desk.by_abdm(txn_id, service.latest_otp(mobile))
    assert status == 200, linked
    assert linked == {
        "txnId": txn_id,
        "authResult": "success",
        "message": "Mobile Number linked successfully.",
        "accounts": [{"ABHANumber": number}],
    }
    assert service.accounts[number].mobile == mobile

    status, suggested = desk.suggestions(txn_id)
    assert status == 200 and len(suggested["abhaAddressList"]) >= 3
    assert all("@" not in address for address in suggested["abhaAddressList"])
    chosen = suggested["abhaAddressList"][0]
    status, created = desk.create_address(txn_id, chosen)
    assert status == 200, created
    assert created == {"txnId": txn_id, "healthIdNumber": number, "preferredAbhaAddress": f"{chosen}@sbx"}
    assert service.accounts[number].preferred_abha_address == f"{chosen}@sbx"


def test_the_aadhaar_mobile_needs_no_verification(desk, service):
    identity = service.identities[1]
    txn_id, enrolled = enrol(desk, service, identity, identity.aadhaar_mobile)
    assert enrolled["ABHAProfile"]["mobile"] == identity.aadhaar_mobile
    assert service.accounts[enrolled["ABHAProfile"]["ABHANumber"]].mobile == identity.aadhaar_mobile
    status, suggested = desk.suggestions(txn_id)
    assert status == 200
    assert desk.create_address(txn_id, suggested["abhaAddressList"][1])[0] == 200


def test_someone_with_an_abha_gets_it_back(desk, service):
    identity = service.identities[2]
    (account,) = [a for a in service.accounts.values() if a.identity == identity]
    _, enrolled = enrol(desk, service, identity, identity.aadhaar_mobile)
    assert enrolled["message"] == "This account already exist" and enrolled["isNew"] is False
    assert enrolled["ABHAProfile"]["ABHANumber"] == account.abha_number
    assert enrolled["ABHAProfile"]["phrAddress"] == account.abha_addresses


def test_three_wrong_otps_kill_the_transaction(desk, service):
    identity = service.identities[0]
    txn_id = desk.start_enrolment(identity)
    otp = service.latest_otp(identity.aadhaar_mobile)
    wrong = f"{(int(otp) + 1) % 10**6:06d}"
    for left in (2, 1, 0):
        status, answer = desk.by_aadhaar(txn_id, wrong, identity.aadhaar_mobile)
        assert (status, answer["code"]) == (422, "ABDM-1204")
        assert f"{left} attempt(s) left" in service.refusals[-1].reason
    status, answer = desk.by_aadhaar(txn_id, otp, identity.aadhaar_mobile)
    assert (status, answer["code"]) == (422, "ABDM-1100")
    assert "dead" in service.refusals[-1].reason
    assert not [a for a in service.accounts.values() if a.identity == identity]


def test_a_used_otp_is_refused(desk, service):
    identity = service.identities[0]
    txn_id, _ = enrol(desk, service, identity, identity.aadhaar_mobile)
    status, answer = desk.by_aadhaar(txn_id, service.latest_otp(identity.aadhaar_mobile), identity.aadhaar_mobile)
    assert status == 422 and answer["code"] == "ABDM-1204"
    assert "already used" in service.refusals[-1].reason


def test_a_resend_on_the_same_transaction_replaces_the_otp(desk, service):
    identity = service.identities[0]
    txn_id = desk.start_enrolment(identity)
    body = {
        "txnId": txn_id,
        "scope": ["abha-enrol"],
        "loginHint": "aadhaar",
        "loginId": desk.enc(identity.aadhaar),
        "otpSystem": "aadhaar",
    }
    status, answer = desk.call("POST", "/v3/enrollment/request/otp", body)
    assert status == 200 and answer["txnId"] == txn_id
    assert [sent.txn_id for sent in service.otps] == [txn_id, txn_id]
    assert desk.by_aadhaar(txn_id, service.latest_otp(identity.aadhaar_mobile), identity.aadhaar_mobile)[0] == 200


@pytest.mark.parametrize(
    "consent",
    [
        {"code": "abha-enrollment", "version": "1.0"},
        {"code": "abha-enrolment", "version": "1.4"},
        {"code": "abha-enrollment", "version": 1.4},
    ],
)
def test_only_consent_abha_enrollment_1_4_is_accepted(desk, service, consent):
    identity = service.identities[0]
    txn_id = desk.start_enrolment(identity)
    status, answer = desk.by_aadhaar(txn_id, service.latest_otp(identity.aadhaar_mobile), "9123456780", consent)
    assert (status, answer) == (400, {"consent": "Invalid consent"})
    assert service.refusals[-1].field == "consent"


@pytest.mark.parametrize(
    ("aadhaar", "why"),
    [
        ("12345678901", "not 12 digits"),
        ("1234 5678 9012", "not 12 digits"),
        (with_verhoeff("12345678901"), "never starts with 0 or 1"),
        ("999999990018", "Verhoeff"),
        ("999999990019", "none of the simulated Aadhaar holders"),
    ],
)
def test_an_invalid_aadhaar_is_refused(desk, service, aadhaar, why):
    status, answer = desk.aadhaar_otp(aadhaar)
    assert (status, answer) == (400, {"loginId": "Invalid LoginId"})
    assert why in service.refusals[-1].reason
    assert service.otps == []


def test_a_bad_verhoeff_digit_on_a_real_holder_is_refused(desk, service):
    aadhaar = service.identities[0].aadhaar
    wrong = aadhaar[:-1] + str((int(aadhaar[-1]) + 1) % 10)
    assert desk.aadhaar_otp(wrong)[0] == 400
    assert "Verhoeff" in service.refusals[-1].reason


def test_the_communication_mobile_must_be_ten_digits(desk, service):
    identity = service.identities[0]
    txn_id = desk.start_enrolment(identity)
    status, answer = desk.by_aadhaar(txn_id, service.latest_otp(identity.aadhaar_mobile), "12345")
    assert (status, answer) == (400, {"mobile": "Invalid Mobile Number"})


def test_steps_out_of_order_are_refused(desk, service):
    identity = service.identities[0]
    txn_id = desk.start_enrolment(identity)
    for status, answer in (desk.suggestions(txn_id), desk.create_address(txn_id, "someone.1990")):
        assert (status, answer["code"]) == (422, "ABDM-2406")
    status, answer = desk.mobile_otp(txn_id, "9123456780")
    assert (status, answer["code"]) == (422, "ABDM-2406")
    enrol_otp = service.latest_otp(identity.aadhaar_mobile)
    assert desk.by_aadhaar(txn_id, enrol_otp, "9123456780")[0] == 200
    status, answer = desk.by_abdm(txn_id, "123456")  # no mobile OTP was requested
    assert (status, answer["code"], answer["authResult"]) == (422, "ABDM-2406", "failed")


def test_a_wrong_mobile_otp_fails_the_linking(desk, service):
    identity, mobile = service.identities[0], "9123456780"
    txn_id, enrolled = enrol(desk, service, identity, mobile)
    desk.mobile_otp(txn_id, mobile)
    wrong = f"{(int(service.latest_otp(mobile)) + 1) % 10**6:06d}"
    status, answer = desk.by_abdm(txn_id, wrong)
    assert (status, answer["code"], answer["authResult"], answer["txnId"]) == (422, "ABDM-1204", "failed", txn_id)
    assert service.accounts[enrolled["ABHAProfile"]["ABHANumber"]].mobile is None


def test_an_unknown_or_malformed_transaction_is_refused(desk, service):
    assert desk.suggestions("f7357347-440a-4c2d-b862-71cc787c763e")[1]["code"] == "ABDM-1017"
    assert desk.suggestions("txn-1") == (400, {"txnId": "Invalid Transaction Id"})


def test_a_transaction_expires_after_ten_minutes(desk, service):
    identity = service.identities[0]
    txn_id = desk.start_enrolment(identity)
    otp = service.latest_otp(identity.aadhaar_mobile)
    opened = service.ledger.transactions[txn_id].expires_at - timedelta(minutes=10)
    service.ledger.clock = lambda: opened + timedelta(minutes=10, seconds=1)
    status, answer = desk.by_aadhaar(txn_id, otp, identity.aadhaar_mobile)
    assert (status, answer["code"]) == (422, "ABDM-1017")
    assert "expired" in service.refusals[-1].reason


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("short", "not 8 to 18"),
        ("a" * 19, "not 8 to 18"),
        ("first.last.1990", "more than one dot"),
        ("first_last_1990", "more than one dot or more than one underscore"),
        (".firstlast", "not at either end"),
        ("firstlast_", "not at either end"),
        ("first-last90", "only letters"),
        ("firstlast@sbx", "only letters"),
    ],
)
def test_a_malformed_address_is_refused(desk, service, address, why):
    identity = service.identities[1]
    txn_id, _ = enrol(desk, service, identity, identity.aadhaar_mobile)
    status, answer = desk.create_address(txn_id, address)
    assert (status, answer) == (400, {"abhaAddress": "Invalid ABHA Address"})
    assert why in service.refusals[-1].reason


def test_a_taken_address_is_refused(desk, service):
    identity = service.identities[1]
    txn_id, _ = enrol(desk, service, identity, identity.aadhaar_mobile)
    taken = service.accounts[next(iter(service.accounts))].preferred_abha_address.removesuffix("@sbx")
    status, answer = desk.create_address(txn_id, taken)
    assert status == 400 and "already exists" in answer["abhaAddress"]


def test_suggestions_are_valid_and_free(desk, service):
    identity = service.identities[1]
    txn_id, _ = enrol(desk, service, identity, identity.aadhaar_mobile)
    taken = {a for account in service.accounts.values() for a in account.abha_addresses}
    for address in desk.suggestions(txn_id)[1]["abhaAddressList"]:
        assert 8 <= len(address) <= 18 and f"{address}@sbx" not in taken


def test_an_unsupported_scope_is_refused(desk, service):
    body = {"scope": ["abha-enrol", "dl-flow"], "loginHint": "aadhaar", "loginId": "x", "otpSystem": "aadhaar"}
    assert desk.call("POST", "/v3/enrollment/request/otp", body) == (400, {"scope": "Invalid Scope"})
    body = {"scope": ["abha-enrol"], "loginHint": "aadhaar", "loginId": "x", "otpSystem": "abdm"}
    assert desk.call("POST", "/v3/enrollment/request/otp", body) == (400, {"otpSystem": "Invalid OtpSystem"})
