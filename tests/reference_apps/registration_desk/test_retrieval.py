"""Finding a patient's ABHA by their mobile or Aadhaar number (VRFY_ABHA_301–305, 401–405) through the driver's
find-abha, the desk against the simulated ABHA service itself.

A login by mobile answers with every ABHA on that mobile and a T-token: the operator selects the patient's
(select-account) when there are several, and verify/user exchanges the T-token for that account's X-token,
even when there is only one. A login by Aadhaar number answers with the X-token at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mocks.abha.ledger import AbhaAccount
from tests.reference_apps.registration_desk.stand_ins import SimulatedAbha

pytestmark = pytest.mark.anyio

CERTIFICATE = "/v3/profile/public/certificate"
REQUEST_OTP = "/v3/profile/login/request/otp"
VERIFY = "/v3/profile/login/verify"
VERIFY_USER = "/v3/profile/login/verify/user"
PROFILE = "/v3/profile/account"
REGISTERED = {"state": "done", "step": "registered", "error": None, "accounts": []}


@pytest.fixture
def abha(simulated_abha):
    return simulated_abha


async def find(desk, **by: str) -> None:
    response = await desk.act("find-abha", by)
    assert response.status_code == 202, response.text


def patient(account: AbhaAccount, patient_id: str = "PID-0001") -> dict[str, Any]:
    """The register's entry for this account, as its profile describes it."""
    identity = account.identity
    return {
        "patient_id": patient_id,
        "abha_number": account.abha_number,
        "abha_address": account.preferred_abha_address,
        "name": identity.name,
        "gender": identity.gender,
        "year_of_birth": int(identity.date_of_birth[:4]),
        "mobile": account.mobile,
        "card_downloaded": False,
    }


def token_of(abha: SimulatedAbha, call, header: str):
    """What the service issued as the token this call carries in `header`."""
    return abha.tokens.issued[call.headers[header].removeprefix("Bearer ")]


def wrong(otp: str) -> str:
    return f"{(int(otp) + 1) % 10**6:06d}"


async def enter_login_otp(desk, abha: SimulatedAbha, to: str, typed: Callable[[str], str] = str) -> None:
    """Type in the newest OTP sent to this mobile (as `typed` makes of it), once the flow asks for it."""
    await desk.settled("enter-login-otp")
    otp = abha.latest_otp(to)
    assert otp is not None, f"no OTP went to {to}"
    await desk.enter_otp("enter-login-otp", typed(otp))


# ---- by mobile ----


async def test_a_mobile_with_one_abha_registers_its_patient(desk, abha):
    account = abha.account(2)
    await find(desk, mobile=account.mobile)
    await enter_login_otp(desk, abha, account.mobile)

    assert await desk.finished() == REGISTERED
    assert abha.refusals == []
    assert abha.paths() == [CERTIFICATE, REQUEST_OTP, VERIFY, VERIFY_USER, PROFILE]
    _, request_otp, verify, verify_user, profile = abha.calls
    assert request_otp.body["scope"] == ["abha-login", "mobile-verify"]
    assert (request_otp.body["loginHint"], request_otp.body["otpSystem"]) == ("mobile", "abdm")
    assert abha.key.decrypt(request_otp.body["loginId"]) == account.mobile
    (sent,) = abha.otps
    assert (sent.channel, sent.to) == ("mobile", account.mobile)
    assert verify.body["scope"] == ["abha-login", "mobile-verify"]
    assert verify.body["authData"]["otp"]["txnId"] == sent.txn_id
    # One account on the mobile, yet the login's T-token still has to be exchanged for its X-token.
    assert verify_user.body == {"ABHANumber": account.abha_number, "txnId": sent.txn_id}
    assert token_of(abha, verify_user, "T-token").kind == "T-token"
    assert token_of(abha, profile, "X-token").abha_numbers == (account.abha_number,)
    assert await desk.patients() == [patient(account)]


async def test_a_mobile_with_two_abhas_waits_for_the_patients_to_be_selected(desk, abha):
    first, second = abha.account(3), abha.account(4)
    assert first.mobile == second.mobile  # a family phone
    await find(desk, mobile=second.mobile)
    await enter_login_otp(desk, abha, second.mobile)

    shown = await desk.settled("select-account")
    assert shown == {
        "state": "waiting-for-account",
        "step": "select-account",
        "error": None,
        "accounts": [
            {"ABHANumber": a.abha_number, "name": a.identity.name, "preferredAbhaAddress": a.preferred_abha_address}
            for a in (first, second)
        ],
    }
    assert VERIFY_USER not in abha.paths()

    await desk.select_account(second.abha_number)

    assert await desk.finished() == REGISTERED
    assert abha.refusals == []
    (verify_user,) = abha.sent(VERIFY_USER)
    assert verify_user.body == {"ABHANumber": second.abha_number, "txnId": abha.otps[0].txn_id}
    (profile,) = abha.sent(PROFILE)
    assert token_of(abha, profile, "X-token").abha_numbers == (second.abha_number,)
    assert await desk.patients() == [patient(second)]


async def test_the_accounts_leave_the_screen_once_one_is_selected(desk, abha):
    account = abha.account(3)
    await find(desk, mobile=account.mobile)
    await enter_login_otp(desk, abha, account.mobile)
    await desk.settled("select-account")

    response = await desk.act("select-account", {"abha_number": account.abha_number})

    assert response.status_code == 202, response.text
    shown = await desk.last_flow()  # at once, before the flow has gone on
    assert (shown["state"], shown["accounts"]) == ("in-progress", [])


async def test_an_abha_number_not_on_the_mobile_is_refused_by_abha(desk, abha):
    first = abha.account(3)
    await find(desk, mobile=first.mobile)
    await enter_login_otp(desk, abha, first.mobile)
    await desk.select_account(abha.account(2).abha_number)  # on a mobile of its own

    shown = await desk.finished()
    assert (shown["state"], shown["step"], shown["error"]["status"]) == ("failed", "select-account", 400)
    assert shown["accounts"] == []
    assert await desk.patients() == []


# ---- by Aadhaar number ----


async def test_an_aadhaar_number_registers_the_patient_of_its_abha(desk, abha):
    account = abha.account(2)
    identity = account.identity
    await find(desk, aadhaar=identity.aadhaar)
    await enter_login_otp(desk, abha, identity.aadhaar_mobile)

    assert await desk.finished() == REGISTERED
    assert abha.refusals == []
    assert abha.paths() == [CERTIFICATE, REQUEST_OTP, VERIFY, PROFILE]  # the login's token is the X-token
    _, request_otp, verify, profile = abha.calls
    assert request_otp.body["scope"] == ["abha-login", "aadhaar-verify"]
    assert (request_otp.body["loginHint"], request_otp.body["otpSystem"]) == ("aadhaar", "aadhaar")
    assert abha.key.decrypt(request_otp.body["loginId"]) == identity.aadhaar
    (sent,) = abha.otps
    assert (sent.channel, sent.to) == ("aadhaar-mobile", identity.aadhaar_mobile)
    assert verify.body["scope"] == ["abha-login", "aadhaar-verify"]
    assert verify.body["authData"]["otp"]["txnId"] == sent.txn_id
    assert token_of(abha, profile, "X-token").abha_numbers == (account.abha_number,)
    assert await desk.patients() == [patient(account)]


# ---- refusals, resends ----


@pytest.mark.parametrize(
    ("by", "message"),
    [
        ("mobile", "No ABHA Number is linked to this mobile number"),
        ("aadhaar", "No ABHA Number exists for this Aadhaar number"),
    ],
)
async def test_nobody_is_registered_when_abha_finds_no_abha(desk, abha, by, message):
    nobody = abha.identities[-1]
    assert abha.ledger.account_of(nobody) is None
    await find(desk, **{by: nobody.aadhaar_mobile if by == "mobile" else nobody.aadhaar})

    assert await desk.finished() == {
        "state": "failed",
        "step": "request-login-otp",
        "error": {"status": 422, "body": {"code": "ABDM-1013", "message": message}},
        "accounts": [],
    }
    assert abha.otps == []
    assert await desk.patients() == []


async def test_a_wrong_otp_ends_the_flow(desk, abha):
    account = abha.account(2)
    await find(desk, mobile=account.mobile)
    await enter_login_otp(desk, abha, account.mobile, wrong)

    shown = await desk.finished()
    assert (shown["state"], shown["step"], shown["error"]["status"]) == ("failed", "verify-login-otp", 422)
    assert VERIFY_USER not in abha.paths()
    assert await desk.patients() == []


@pytest.mark.parametrize("by", ["mobile", "aadhaar"])
async def test_a_resent_otp_is_verified_under_its_own_request(desk, abha, by):
    account = abha.account(2)
    identity = account.identity
    to = account.mobile if by == "mobile" else identity.aadhaar_mobile
    await find(desk, **{by: account.mobile if by == "mobile" else identity.aadhaar})
    await desk.settled("enter-login-otp")
    first = abha.otps[0]

    response = await desk.act("resend-otp", {})

    assert response.status_code == 202, response.text
    await desk.settled("enter-login-otp")
    first_request, second_request = abha.sent(REQUEST_OTP)
    assert second_request.body["loginHint"] == first_request.body["loginHint"] == by
    _, second = abha.otps
    assert second.to == first.to == to and second.txn_id != first.txn_id
    await enter_login_otp(desk, abha, to)

    assert await desk.finished() == REGISTERED
    (verify,) = abha.sent(VERIFY)
    assert verify.body["authData"]["otp"]["txnId"] == second.txn_id
    assert await desk.patients() == [patient(account)]


# ---- what the driver refuses ----


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"mobile": "885582260"}, "INVALID_MOBILE"),  # 9 digits
        ({"mobile": 8855822609}, "INVALID_MOBILE"),
        ({"aadhaar": "358664532682"}, "INVALID_AADHAAR"),  # identities[2]'s, its check digit changed
        ({"aadhaar": "35866453268"}, "INVALID_AADHAAR"),
        ({}, "INVALID_AADHAAR"),
    ],
    ids=["9-digit mobile", "mobile as number", "check digit", "11-digit aadhaar", "neither"],
)
async def test_find_abha_refuses_invalid_input_before_calling_abha(desk, abha, body, code):
    assert abha.identities[2].aadhaar == "358664532681"  # the seed's

    response = await desk.act("find-abha", body)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert abha.calls == []
    assert (await desk.last_flow())["state"] == "idle"


@pytest.mark.parametrize(
    ("action", "body"), [("select-account", {"abha_number": "91-3451-5266-6887"}), ("resend-otp", {})]
)
async def test_input_no_flow_awaits_is_a_conflict(desk, abha, action, body):
    response = await desk.act(action, body)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "NOT_AWAITED"
    assert abha.calls == []


async def test_an_account_while_an_otp_is_awaited_is_a_conflict(desk, abha):
    account = abha.account(3)
    await find(desk, mobile=account.mobile)
    await desk.settled("enter-login-otp")

    response = await desk.act("select-account", {"abha_number": account.abha_number})

    assert response.status_code == 409 and response.json()["error"]["code"] == "NOT_AWAITED"
    assert (await desk.last_flow())["state"] == "waiting-for-otp"


@pytest.mark.parametrize(("action", "body"), [("enter-otp", {"otp": "123456"}), ("resend-otp", {})])
async def test_an_otp_while_an_account_is_awaited_is_a_conflict(desk, abha, action, body):
    account = abha.account(3)
    await find(desk, mobile=account.mobile)
    await enter_login_otp(desk, abha, account.mobile)
    await desk.settled("select-account")

    response = await desk.act(action, body)

    assert response.status_code == 409 and response.json()["error"]["code"] == "NOT_AWAITED"
    assert (await desk.last_flow())["state"] == "waiting-for-account"
    assert len(abha.sent(REQUEST_OTP)) == 1


@pytest.mark.parametrize("body", [{}, {"abha_number": 91345152666887}])
async def test_an_account_must_be_named_by_its_abha_number(desk, abha, body):
    account = abha.account(3)
    await find(desk, mobile=account.mobile)
    await enter_login_otp(desk, abha, account.mobile)
    await desk.settled("select-account")

    response = await desk.act("select-account", body)

    assert response.status_code == 400 and response.json()["error"]["code"] == "BAD_REQUEST"
    assert (await desk.last_flow())["state"] == "waiting-for-account"
