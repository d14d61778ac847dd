"""The test driver's contract: input refused at entry never reaches ABHA, OTPs go to the flow waiting for one."""

from __future__ import annotations

import pytest

from tests.reference_apps.registration_desk.stand_ins import AADHAAR, AADHAAR_MOBILE, RETURNING

pytestmark = pytest.mark.anyio


async def test_a_new_desk_shows_no_flow_and_no_patients(desk):
    assert await desk.last_flow() == {"state": "idle", "step": "", "error": None, "accounts": []}
    assert await desk.patients() == []


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"aadhaar": "23412341234", "mobile": AADHAAR_MOBILE}, "INVALID_AADHAAR"),  # 11 digits
        ({"aadhaar": "234123412345", "mobile": AADHAAR_MOBILE}, "INVALID_AADHAAR"),  # wrong check digit
        ({"aadhaar": "234123412364", "mobile": AADHAAR_MOBILE}, "INVALID_AADHAAR"),  # two digits swapped
        ({"aadhaar": "2341 2341 2346", "mobile": AADHAAR_MOBILE}, "INVALID_AADHAAR"),
        ({"aadhaar": 234123412346, "mobile": AADHAAR_MOBILE}, "INVALID_AADHAAR"),
        ({"mobile": AADHAAR_MOBILE}, "INVALID_AADHAAR"),
        ({"aadhaar": AADHAAR, "mobile": "987654321"}, "INVALID_MOBILE"),
        ({"aadhaar": AADHAAR, "mobile": "+919876543210"}, "INVALID_MOBILE"),
        ({"aadhaar": AADHAAR}, "INVALID_MOBILE"),
    ],
    ids=["short", "check digit", "swap", "spaces", "number", "no aadhaar", "short mobile", "+91", "no mobile"],
)
async def test_create_abha_refuses_invalid_input_before_calling_abha(desk, abha, body, code):
    response = await desk.act("create-abha", body)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert abha.calls == [] and abha.sessions == []
    assert (await desk.last_flow())["state"] == "idle"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"abha_number": "9144445555666", "method": "AADHAAR_OTP"}, "INVALID_ABHA_NUMBER"),  # 13 digits
        ({"abha_number": "91-4444-5555-666", "method": "AADHAAR_OTP"}, "INVALID_ABHA_NUMBER"),
        ({"abha_number": "914-444-5555-6666", "method": "AADHAAR_OTP"}, "INVALID_ABHA_NUMBER"),
        ({"abha_number": "meera.nair@sbx", "method": "AADHAAR_OTP"}, "INVALID_ABHA_NUMBER"),
        ({"method": "AADHAAR_OTP"}, "INVALID_ABHA_NUMBER"),
        ({"abha_number": RETURNING["ABHANumber"], "method": "PASSWORD"}, "BAD_REQUEST"),
        ({"abha_number": RETURNING["ABHANumber"]}, "BAD_REQUEST"),
    ],
    ids=["13 digits", "13 grouped", "misgrouped", "address", "none", "password", "no method"],
)
async def test_verify_abha_refuses_invalid_input_before_calling_abha(desk, abha, body, code):
    response = await desk.act("verify-abha", body)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert abha.calls == [] and abha.sessions == []


async def test_an_otp_with_no_flow_waiting_is_a_conflict(desk, abha):
    response = await desk.act("enter-otp", {"otp": "123456"})

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "NOT_AWAITED"


async def test_an_otp_after_the_flow_ended_is_a_conflict(desk, abha):
    await desk.create_abha()

    response = await desk.act("enter-otp", {"otp": "123456"})

    assert response.status_code == 409


async def test_an_otp_while_abha_is_being_called_is_a_conflict(desk, abha):
    await desk.act("create-abha", {"aadhaar": AADHAAR, "mobile": AADHAAR_MOBILE})
    await desk.enter_otp("enter-aadhaar-otp")

    response = await desk.act("enter-otp", {"otp": "123456"})  # the same OTP typed twice

    assert response.status_code == 409
    assert (await desk.finished())["state"] == "done"


@pytest.mark.parametrize("body", [{"otp": 123456}, {}, {"otp": "12a456"}, {"otp": ""}])
async def test_an_otp_must_be_digits(desk, abha, body):
    await desk.act("create-abha", {"aadhaar": AADHAAR, "mobile": AADHAAR_MOBILE})
    await desk.settled("enter-aadhaar-otp")

    response = await desk.act("enter-otp", body)

    assert response.status_code == 400 and response.json()["error"]["code"] == "BAD_REQUEST"
    assert (await desk.last_flow())["state"] == "waiting-for-otp"


@pytest.mark.parametrize(("action", "body"), [("create-abha", "not json"), ("verify-abha", "[1, 2]")])
async def test_a_body_that_is_no_json_object_is_a_bad_request(desk, action, body):
    response = await desk.act(action, body)

    assert response.status_code == 400 and response.json()["error"]["code"] == "BAD_REQUEST"


async def test_an_unknown_action_is_not_found(desk):
    response = await desk.act("delete-abha", {})

    assert response.status_code == 404 and response.json()["error"]["code"] == "UNKNOWN_ACTION"


async def test_a_new_flow_abandons_one_waiting_for_an_otp(desk, abha):
    await desk.act("verify-abha", {"abha_number": RETURNING["ABHANumber"], "method": "AADHAAR_OTP"})
    await desk.settled("enter-login-otp")

    shown = await desk.create_abha()

    assert shown["state"] == "done"
    assert [p["abha_number"] for p in await desk.patients()] == ["91-1111-2222-3333"]
    assert "/v3/profile/login/verify" not in abha.paths()


async def test_the_last_flow_can_be_read_once_the_screen_stands_still(desk, abha):
    await desk.act("create-abha", {"aadhaar": AADHAAR, "mobile": AADHAAR_MOBILE})

    response = await desk.get("/test-driver/last-flow", wait_seconds=5)

    assert response.json() == {
        "state": "waiting-for-otp",
        "step": "enter-aadhaar-otp",
        "error": None,
        "accounts": [],
    }


async def test_a_wait_that_is_no_number_is_a_bad_request(desk):
    response = await desk.get("/test-driver/last-flow", wait_seconds="soon")

    assert response.status_code == 400 and response.json()["error"]["code"] == "BAD_REQUEST"
