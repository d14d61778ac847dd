"""Verifying and finding an ABHA by OTP: by ABHA number (Aadhaar or mobile OTP), by Aadhaar, by mobile."""

from __future__ import annotations

import jwt
import pytest

from tests.abha.desk import fresh_headers

AADHAAR_VERIFY = ["abha-login", "aadhaar-verify"]
MOBILE_VERIFY = ["abha-login", "mobile-verify"]


def account_of(service, index):
    (account,) = [a for a in service.accounts.values() if a.identity == service.identities[index]]
    return account


def wrong(otp: str) -> str:
    return f"{(int(otp) + 1) % 10**6:06d}"


@pytest.mark.parametrize("hyphens", [True, False])
def test_login_by_abha_number_with_aadhaar_otp(desk, service, hyphens):
    account = account_of(service, 2)
    number = account.abha_number if hyphens else account.abha_number.replace("-", "")
    status, answer = desk.login_otp(AADHAAR_VERIFY, "abha-number", number, "aadhaar")
    assert status == 200, answer
    assert answer["message"].startswith("OTP is sent to Aadhaar registered mobile number ending with ******")
    assert (service.otps[-1].channel, service.otps[-1].to) == ("aadhaar-mobile", account.identity.aadhaar_mobile)

    otp = service.latest_otp(account.identity.aadhaar_mobile)
    status, verified = desk.login_verify(AADHAAR_VERIFY, answer["txnId"], otp)
    assert status == 200, verified
    assert verified["authResult"] == "success" and verified["expiresIn"] == 1800
    assert verified["accounts"] == [
        {
            "ABHANumber": account.abha_number,
            "preferredAbhaAddress": account.preferred_abha_address,
            "name": account.identity.name,
            "status": "ACTIVE",
            "profilePhoto": None,
            "mobileVerified": True,
        }
    ]
    claims = jwt.decode(verified["token"], options={"verify_signature": False})
    assert claims["sub"] == account.abha_number
    assert desk.profile("/v3/profile/account", verified["token"])[1]["ABHANumber"] == account.abha_number


def test_login_by_abha_number_with_mobile_otp(desk, service):
    account = account_of(service, 4)  # its mobile is not its Aadhaar mobile
    status, answer = desk.login_otp(MOBILE_VERIFY, "abha-number", account.abha_number, "abdm")
    assert (
        status == 200 and answer["message"] == f"OTP is sent to Mobile number ending with ******{account.mobile[-4:]}"
    )
    assert (service.otps[-1].channel, service.otps[-1].to) == ("mobile", account.mobile)
    status, verified = desk.login_verify(MOBILE_VERIFY, answer["txnId"], service.latest_otp(account.mobile))
    assert status == 200
    assert [a["ABHANumber"] for a in verified["accounts"]] == [account.abha_number]


def test_login_by_aadhaar(desk, service):
    account = account_of(service, 5)
    status, answer = desk.login_otp(AADHAAR_VERIFY, "aadhaar", account.identity.aadhaar, "aadhaar")
    assert status == 200
    status, verified = desk.login_verify(
        AADHAAR_VERIFY, answer["txnId"], service.latest_otp(account.identity.aadhaar_mobile)
    )
    assert status == 200 and verified["accounts"][0]["ABHANumber"] == account.abha_number


def test_an_aadhaar_without_abha_is_not_found(desk, service):
    status, answer = desk.login_otp(AADHAAR_VERIFY, "aadhaar", service.identities[0].aadhaar, "aadhaar")
    assert (status, answer["code"]) == (422, "ABDM-1013")


@pytest.mark.parametrize("number", ["91-1234-5678-901", "9112345678901", "91-12345-678-9012", "91 1234 5678 9012"])
def test_an_abha_number_not_of_14_digits_is_refused(desk, service, number):
    status, answer = desk.login_otp(AADHAAR_VERIFY, "abha-number", number, "aadhaar")
    assert (status, answer) == (400, {"loginId": "Invalid LoginId"})
    assert "not 14 digits" in service.refusals[-1].reason


def test_an_unknown_abha_number_is_not_found(desk, service):
    status, answer = desk.login_otp(AADHAAR_VERIFY, "abha-number", "91-0000-0000-0000", "aadhaar")
    assert (status, answer) == (422, {"code": "ABDM-1013", "message": "ABHA Number not found"})


def test_a_mobile_with_two_abhas_lists_both_then_one_is_picked(desk, service):
    mobile = service.identities[3].aadhaar_mobile
    sharing = {account_of(service, 3).abha_number, account_of(service, 4).abha_number}
    status, answer = desk.login_otp(MOBILE_VERIFY, "mobile", mobile, "abdm")
    assert status == 200
    txn_id = answer["txnId"]
    status, verified = desk.login_verify(MOBILE_VERIFY, txn_id, service.latest_otp(mobile))
    assert status == 200
    assert {a["ABHANumber"] for a in verified["accounts"]} == sharing
    t_token = verified["token"]

    assert desk.profile("/v3/profile/account", t_token)[0] == 401  # a T-token opens no profile
    chosen = account_of(service, 4).abha_number
    body = {"ABHANumber": chosen, "txnId": txn_id}
    status, picked = desk.call(
        "POST", "/v3/profile/login/verify/user", body, fresh_headers(**{"T-token": f"Bearer {t_token}"})
    )
    assert status == 200, picked
    assert set(picked) == {"token", "expiresIn", "refreshToken", "refreshExpiresIn"}
    status, profile = desk.profile("/v3/profile/account", picked["token"])
    assert status == 200 and profile["ABHANumber"] == chosen


def test_verify_user_takes_only_an_account_on_that_mobile_and_a_t_token(desk, service):
    mobile = service.identities[3].aadhaar_mobile
    txn_id = desk.login_otp(MOBILE_VERIFY, "mobile", mobile, "abdm")[1]["txnId"]
    t_token = desk.login_verify(MOBILE_VERIFY, txn_id, service.latest_otp(mobile))[1]["token"]
    other = account_of(service, 2).abha_number
    body = {"ABHANumber": other, "txnId": txn_id}
    status, answer = desk.call("POST", "/v3/profile/login/verify/user", body, fresh_headers(**{"T-token": t_token}))
    assert (status, answer) == (400, {"ABHANumber": "Invalid ABHA Number"})
    body["ABHANumber"] = account_of(service, 3).abha_number
    status, answer = desk.call("POST", "/v3/profile/login/verify/user", body, fresh_headers())
    assert (status, answer["code"]) == (401, "ABDM-1158")
    assert service.refusals[-1].field == "T-token"


def test_a_mobile_without_abha_is_not_found(desk, service):
    status, answer = desk.login_otp(MOBILE_VERIFY, "mobile", "6000000000", "abdm")
    assert (status, answer["code"]) == (422, "ABDM-1013")


def test_a_wrong_login_otp_fails_and_three_kill_the_login(desk, service):
    account = account_of(service, 2)
    txn_id = desk.login_otp(AADHAAR_VERIFY, "abha-number", account.abha_number, "aadhaar")[1]["txnId"]
    otp = service.latest_otp(account.identity.aadhaar_mobile)
    for _ in range(3):
        status, answer = desk.login_verify(AADHAAR_VERIFY, txn_id, wrong(otp))
        assert (status, answer["code"], answer["authResult"]) == (422, "ABDM-1204", "failed")
    assert desk.login_verify(AADHAAR_VERIFY, txn_id, otp)[1]["code"] == "ABDM-1100"


def test_the_login_otp_is_single_use(desk, service):
    account = account_of(service, 2)
    txn_id = desk.login_otp(AADHAAR_VERIFY, "abha-number", account.abha_number, "aadhaar")[1]["txnId"]
    otp = service.latest_otp(account.identity.aadhaar_mobile)
    assert desk.login_verify(AADHAAR_VERIFY, txn_id, otp)[0] == 200
    status, answer = desk.login_verify(AADHAAR_VERIFY, txn_id, otp)
    assert (status, answer["code"]) == (422, "ABDM-1204")


def test_verify_must_repeat_the_scope_of_the_otp(desk, service):
    account = account_of(service, 2)
    txn_id = desk.login_otp(AADHAAR_VERIFY, "abha-number", account.abha_number, "aadhaar")[1]["txnId"]
    status, answer = desk.login_verify(MOBILE_VERIFY, txn_id, service.latest_otp(account.identity.aadhaar_mobile))
    assert (status, answer) == (400, {"scope": "Invalid Scope"})


def test_a_login_hint_that_does_not_fit_the_scope_is_refused(desk, service):
    account = account_of(service, 2)
    status, answer = desk.login_otp(AADHAAR_VERIFY, "mobile", account.mobile, "aadhaar")
    assert (status, answer) == (400, {"loginHint": "Invalid LoginHint"})
