"""Verifying a patient by ABHA address (VRFY_ABHA_102 by Aadhaar OTP, 202 by mobile OTP), the desk against the
simulated ABHA service itself: what the desk sends is what the service takes, and what it answers the desk reads.

The flow starts with the driver's verify-abha naming an abha_address, and takes the OTP through its enter-otp.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.anyio


@pytest.fixture
def abha(simulated_abha):
    return simulated_abha


async def verify(desk, abha_address: str, method: str) -> None:
    response = await desk.act("verify-abha", {"abha_address": abha_address, "method": method})
    assert response.status_code == 202, response.text


@pytest.mark.parametrize(("method", "to"), [("AADHAAR_OTP", "aadhaar_mobile"), ("MOBILE_OTP", "mobile")])
async def test_verify_by_abha_address_registers_the_patient_from_the_phr_profile(desk, abha, method, to):
    account = abha.account(4)  # its mobile is not its Aadhaar mobile
    mobile = account.identity.aadhaar_mobile if to == "aadhaar_mobile" else account.mobile
    await verify(desk, account.preferred_abha_address, method)
    await desk.settled("enter-login-otp")
    await desk.enter_otp("enter-login-otp", abha.latest_otp(mobile))

    shown = await desk.finished()
    assert (shown["state"], shown["step"], shown["error"]) == ("done", "registered", None)
    assert abha.refusals == []
    assert await desk.patients() == [
        {
            "patient_id": "PID-0001",
            "abha_number": account.abha_number,
            "abha_address": account.preferred_abha_address,
            "name": account.identity.name,
            "gender": account.identity.gender,
            "year_of_birth": int(account.identity.date_of_birth[:4]),
            "mobile": account.mobile,
            "card_downloaded": False,
        }
    ]


async def test_an_address_nobody_holds_ends_the_flow_at_the_search(desk, abha):
    await verify(desk, "nobody.here@sbx", "AADHAAR_OTP")

    shown = await desk.finished()
    assert (shown["state"], shown["step"]) == ("failed", "search-abha-address")
    assert shown["error"] == {"status": 400, "body": {"code": "ABDM-1211", "message": "User not found."}}
    assert abha.otps == []


async def test_a_method_the_address_does_not_offer_is_not_asked_for(desk, abha):
    account = abha.account(2)
    account.mobile = None
    await verify(desk, account.preferred_abha_address, "MOBILE_OTP")

    shown = await desk.finished()
    assert (shown["state"], shown["step"], shown["error"]["status"]) == ("failed", "search-abha-address", 200)
    assert shown["error"]["body"]["authMethods"] == ["AADHAAR_OTP"]
    assert abha.otps == []


async def test_a_wrong_otp_ends_the_flow(desk, abha):
    account = abha.account(3)
    await verify(desk, account.preferred_abha_address, "MOBILE_OTP")
    await desk.settled("enter-login-otp")
    otp = abha.latest_otp(account.mobile)
    await desk.enter_otp("enter-login-otp", f"{(int(otp) + 1) % 10**6:06d}")

    shown = await desk.finished()
    assert (shown["state"], shown["step"], shown["error"]["status"]) == ("failed", "verify-login-otp", 422)
    assert await desk.patients() == []


@pytest.mark.parametrize("address", ["no-at-sign", "meera.nair@gmail", "ab@sbx", 42])
async def test_an_abha_address_that_is_no_address_is_refused_before_calling_abha(desk, abha, address):
    response = await desk.act("verify-abha", {"abha_address": address, "method": "MOBILE_OTP"})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_ABHA_ADDRESS"
    assert abha.calls == []
    assert (await desk.last_flow())["state"] == "idle"
