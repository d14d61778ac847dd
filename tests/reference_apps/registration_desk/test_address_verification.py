"""Verifying a patient by ABHA address (VRFY_ABHA_102 by Aadhaar OTP, 202 by mobile OTP), the desk against the
simulated ABHA service itself: what the desk sends is what the service takes, and what it answers the desk reads.

The driver action that starts this flow is not there yet: the tests start it on the desk directly,
as that action will, and feed it the OTP through the driver's enter-otp.
"""

from __future__ import annotations

from functools import partial

import httpx
import pytest
import respx

from mocks.abha import AbhaService
from reference_apps.registration_desk.verification import verify_abha_address
from tests.reference_apps.registration_desk.stand_ins import ABHA, GATEWAY, SESSION_TOKEN

pytestmark = pytest.mark.anyio

SEED = 20240601


@pytest.fixture
def abha():
    """The simulated ABHA service behind the desk's ABHA base URL, and a gateway that hands out its session."""
    service = AbhaService(SEED, verify_session=lambda token: token == SESSION_TOKEN)
    router = respx.MockRouter(assert_all_called=False)
    session = {"accessToken": SESSION_TOKEN, "expiresIn": 1200, "tokenType": "bearer"}
    router.post(GATEWAY + "/gateway/v3/sessions").respond(200, json=session)
    router.route(url__startswith=ABHA).mock(side_effect=partial(_answer, service))
    with router:
        yield service


def _answer(service: AbhaService, request: httpx.Request) -> httpx.Response:
    path = request.url.path.removeprefix("/abha/api")
    answer = service.handle(request.method, path, dict(request.headers), request.content)
    return httpx.Response(answer.status, content=answer.body, headers={"Content-Type": answer.content_type})


def account_of(service: AbhaService, index: int):
    return service.ledger.account_of(service.identities[index])


async def verify(desk, abha_address: str, method: str) -> None:
    registration_desk = desk.app.state.desk
    registration_desk.start(partial(verify_abha_address, registration_desk, abha_address=abha_address, method=method))


@pytest.mark.parametrize(("method", "to"), [("AADHAAR_OTP", "aadhaar_mobile"), ("MOBILE_OTP", "mobile")])
async def test_verify_by_abha_address_registers_the_patient_from_the_phr_profile(desk, abha, method, to):
    account = account_of(abha, 4)  # its mobile is not its Aadhaar mobile
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
    account = account_of(abha, 2)
    account.mobile = None
    await verify(desk, account.preferred_abha_address, "MOBILE_OTP")

    shown = await desk.finished()
    assert (shown["state"], shown["step"], shown["error"]["status"]) == ("failed", "search-abha-address", 200)
    assert shown["error"]["body"]["authMethods"] == ["AADHAAR_OTP"]
    assert abha.otps == []


async def test_a_wrong_otp_ends_the_flow(desk, abha):
    account = account_of(abha, 3)
    await verify(desk, account.preferred_abha_address, "MOBILE_OTP")
    await desk.settled("enter-login-otp")
    otp = abha.latest_otp(account.mobile)
    await desk.enter_otp("enter-login-otp", f"{(int(otp) + 1) % 10**6:06d}")

    shown = await desk.finished()
    assert (shown["state"], shown["step"], shown["error"]["status"]) == ("failed", "verify-login-otp", 422)
    assert await desk.patients() == []
