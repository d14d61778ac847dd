"""Verifying a patient by ABHA address, the PHR web login: Aadhaar OTP (VRFY_ABHA_102) or mobile OTP (VRFY_ABHA_202)."""

from __future__ import annotations

import jwt
import pytest

from tests.abha.desk import fresh_headers
from tests.abha.test_login import AADHAAR_VERIFY as NUMBER_AADHAAR_VERIFY
from tests.abha.test_login import account_of, wrong

SEARCH = "/v3/phr/web/login/abha/search"
REQUEST_OTP = "/v3/phr/web/login/abha/request/otp"
VERIFY = "/v3/phr/web/login/abha/verify"
PROFILE = "/v3/phr/web/login/profile/abha-profile"
AADHAAR_VERIFY = ["abha-address-login", "aadhaar-verify"]
MOBILE_VERIFY = ["abha-address-login", "mobile-verify"]
NOT_FOUND = {"code": "ABDM-1211", "message": "User not found."}


def request_otp(desk, scope, address, otp_system, hint="abha-address", login_id=None):
    body = {
        "scope": scope,
        "loginHint": hint,
        "loginId": desk.enc(address) if login_id is None else login_id,
        "otpSystem": otp_system,
    }
    return desk.call("POST", REQUEST_OTP, body)


def verify(desk, scope, txn_id, otp):
    body = {"scope": scope, "authData": {"authMethods": ["otp"], "otp": {"txnId": txn_id, "otpValue": desk.enc(otp)}}}
    return desk.call("POST", VERIFY, body)


def test_search_lists_the_sign_in_methods_of_the_address(desk, service):
    account = account_of(service, 2)
    status, found = desk.call("POST", SEARCH, {"abhaAddress": account.preferred_abha_address.upper()})
    assert status == 200, found
    assert found == {
        "healthIdNumber": account.abha_number,
        "abhaAddress": account.preferred_abha_address,
        "authMethods": ["AADHAAR_OTP", "MOBILE_OTP"],
        "blockedAuthMethods": [],
        "status": "ACTIVE",
        "message": None,
        "fullName": account.identity.name,
        "mobile": "******" + account.mobile[-4:],
    }


def test_an_account_without_mobile_offers_only_aadhaar_otp(desk, service):
    account = account_of(service, 2)
    account.mobile = None
    assert desk.call("POST", SEARCH, {"abhaAddress": account.preferred_abha_address})[1]["authMethods"] == [
        "AADHAAR_OTP"
    ]
    status, answer = request_otp(desk, MOBILE_VERIFY, account.preferred_abha_address, "abdm")
    assert (status, answer["code"]) == (422, "ABDM-1102")


@pytest.mark.parametrize(
    ("scope", "otp_system", "channel"),
    [(AADHAAR_VERIFY, "aadhaar", "aadhaar-mobile"), (MOBILE_VERIFY, "abdm", "mobile")],
)
def test_login_by_abha_address_opens_its_phr_profile(desk, service, scope, otp_system, channel):
    account = account_of(service, 4)  # its mobile (the family phone) is not its Aadhaar mobile
    address = account.preferred_abha_address
    to = account.identity.aadhaar_mobile if channel == "aadhaar-mobile" else account.mobile
    assert account.mobile != account.identity.aadhaar_mobile

    status, answer = request_otp(desk, scope, address, otp_system)
    assert status == 200, answer
    assert answer["message"].endswith(f"ending with ******{to[-4:]}")
    assert (service.otps[-1].channel, service.otps[-1].to) == (channel, to)

    status, verified = verify(desk, scope, answer["txnId"], service.latest_otp(to))
    assert status == 200, verified
    # NHA ABDM v3 API, M1 "Verify OTP Aadhaar Number, mobile Number, verify via biometric" (POST
    # /abha/api/v3/phr/web/login/abha/verify): the example's keys, no txnId.
    assert verified["authResult"] == "success" and "txnId" not in verified
    assert verified["users"] == [
        {
            "abhaAddress": address,
            "fullName": account.identity.name,
            "profilePhoto": None,
            "abhaNumber": account.abha_number,
            "status": "ACTIVE",
            "kycStatus": "VERIFIED",
        }
    ]
    tokens = verified["tokens"]
    assert set(tokens) == {"token", "expiresIn", "refreshToken", "refreshExpiresIn"} and tokens["expiresIn"] == 1800
    assert jwt.decode(tokens["token"], options={"verify_signature": False})["sub"] == account.abha_number

    status, profile = desk.profile(PROFILE, f"Bearer {tokens['token']}")
    assert status == 200, profile
    year, month, day = account.identity.date_of_birth.split("-")
    assert (profile["abhaNumber"], profile["abhaAddress"]) == (account.abha_number, address)
    assert profile["abhaNumber"].count("-") == 3 and len(profile["abhaNumber"]) == 17
    assert (profile["fullName"], profile["gender"], profile["mobile"]) == (
        account.identity.name,
        account.identity.gender,
        account.mobile,
    )
    assert (profile["yearOfBirth"], profile["dateOfBirth"]) == (year, f"{day}-{month}-{year}")
    assert profile["authMethods"] == ["AADHAAR_OTP", "MOBILE_OTP"] and profile["kycStatus"] == "VERIFIED"


@pytest.mark.parametrize("address", ["nobody.here@sbx", "nobodyhere"])
def test_an_address_nobody_holds_is_not_found(desk, service, address):
    assert desk.call("POST", SEARCH, {"abhaAddress": address}) == (400, NOT_FOUND)
    assert request_otp(desk, AADHAAR_VERIFY, address, "aadhaar") == (400, NOT_FOUND)
    assert service.otps == []


def test_a_search_without_address_is_refused(desk, service):
    assert desk.call("POST", SEARCH, {"abhaAddress": ""}) == (400, {"abhaAddress": "Invalid ABHA Address"})


def test_the_address_must_be_encrypted(desk, service):
    address = account_of(service, 2).preferred_abha_address
    status, answer = request_otp(desk, AADHAAR_VERIFY, address, "aadhaar", login_id=address)
    assert (status, answer) == (400, {"loginId": "Invalid LoginId"})
    assert "RSA-OAEP" in service.refusals[-1].reason and service.otps == []


@pytest.mark.parametrize(
    ("scope", "hint", "otp_system", "refused"),
    [
        (AADHAAR_VERIFY, "abha-address", "abdm", {"otpSystem": "Invalid OtpSystem"}),
        (MOBILE_VERIFY, "abha-address", "aadhaar", {"otpSystem": "Invalid OtpSystem"}),
        (AADHAAR_VERIFY, "abha-number", "aadhaar", {"loginHint": "Invalid LoginHint"}),
        (NUMBER_AADHAAR_VERIFY, "abha-address", "aadhaar", {"scope": "Invalid Scope"}),
    ],
)
def test_scope_login_hint_and_otp_system_must_agree(desk, service, scope, hint, otp_system, refused):
    address = account_of(service, 2).preferred_abha_address
    assert request_otp(desk, scope, address, otp_system, hint=hint) == (400, refused)
    assert service.otps == []


def test_a_wrong_otp_fails_and_three_kill_the_login(desk, service):
    account = account_of(service, 3)
    txn_id = request_otp(desk, MOBILE_VERIFY, account.preferred_abha_address, "abdm")[1]["txnId"]
    otp = service.latest_otp(account.mobile)
    for _ in range(3):
        status, answer = verify(desk, MOBILE_VERIFY, txn_id, wrong(otp))
        assert (status, answer["code"], answer["authResult"]) == (422, "ABDM-1204", "failed")
    assert verify(desk, MOBILE_VERIFY, txn_id, otp)[1]["code"] == "ABDM-1100"


def test_the_otp_is_single_use_and_verify_repeats_its_scope(desk, service):
    account = account_of(service, 2)
    txn_id = request_otp(desk, AADHAAR_VERIFY, account.preferred_abha_address, "aadhaar")[1]["txnId"]
    otp = service.latest_otp(account.identity.aadhaar_mobile)
    assert verify(desk, MOBILE_VERIFY, txn_id, otp) == (400, {"scope": "Invalid Scope"})
    assert verify(desk, AADHAAR_VERIFY, txn_id, otp)[0] == 200
    status, answer = verify(desk, AADHAAR_VERIFY, txn_id, otp)
    assert (status, answer["code"]) == (422, "ABDM-1204")


def test_an_address_login_and_an_abha_number_login_do_not_mix(desk, service):
    account = account_of(service, 2)
    txn_id = request_otp(desk, AADHAAR_VERIFY, account.preferred_abha_address, "aadhaar")[1]["txnId"]
    otp = service.latest_otp(account.identity.aadhaar_mobile)
    status, answer = desk.login_verify(AADHAAR_VERIFY, txn_id, otp)  # its txnId on the ABHA-number verify
    assert (status, answer["code"]) == (422, "ABDM-1017")

    txn_id = desk.login_otp(NUMBER_AADHAAR_VERIFY, "abha-number", account.abha_number, "aadhaar")[1]["txnId"]
    token = desk.login_verify(NUMBER_AADHAAR_VERIFY, txn_id, service.latest_otp(account.identity.aadhaar_mobile))[1]
    status, answer = desk.profile(PROFILE, token["token"])  # an ABHA-number X-token on the PHR profile
    assert (status, answer["code"]) == (401, "ABDM-1158")


def test_the_phr_profile_needs_the_x_token(desk, service):
    assert desk.profile(PROFILE, None)[1] == {"code": "ABDM-1158", "message": "X-token header is missing"}
    assert desk.profile(PROFILE, None)[0] == 401
    status, answer = desk.call("GET", PROFILE, headers=fresh_headers(**{"X-token": "Bearer forged"}))
    assert (status, answer["code"]) == (401, "ABDM-1158")
