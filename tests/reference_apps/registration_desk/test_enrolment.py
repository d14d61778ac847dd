"""Creating an ABHA number by Aadhaar OTP: the calls to ABHA, what they carry, and the patient registered."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.reference_apps.registration_desk.stand_ins import (
    AADHAAR,
    AADHAAR_MOBILE,
    CARD,
    ENROLLED,
    OTHER_MOBILE,
    OTP_VALUE,
    SESSION_TOKEN,
    SUGGESTIONS,
    decrypt,
)

pytestmark = pytest.mark.anyio

UTC_MILLISECONDS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")  # the TIMESTAMP header
SIMPLE_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")  # an OTP's timeStamp, as the enrolment yml writes it
ENROLMENT = [
    "/v3/profile/public/certificate",
    "/v3/enrollment/request/otp",
    "/v3/enrollment/enrol/byAadhaar",
    "/v3/enrollment/enrol/suggestion",
    "/v3/enrollment/enrol/abha-address",
    "/v3/profile/account/abha-card",
]


async def test_with_the_aadhaar_mobile_nothing_more_is_verified(desk, abha):
    shown = await desk.create_abha(AADHAAR_MOBILE)

    assert shown == {"state": "done", "step": "registered", "error": None, "accounts": []}
    assert abha.paths() == ENROLMENT
    (patient,) = await desk.patients()
    assert patient == {
        "patient_id": "PID-0001",
        "abha_number": ENROLLED["ABHANumber"],
        "abha_address": f"{SUGGESTIONS[0]}@sbx",
        "name": "Ravi Kumar",
        "gender": "M",
        "year_of_birth": 1990,
        "mobile": AADHAAR_MOBILE,
        "card_downloaded": True,
    }


async def test_each_call_carries_what_abha_asks(desk, abha):
    await desk.create_abha(AADHAAR_MOBILE)

    certificate, request_otp, enrol, suggestion, address, card = abha.calls
    assert request_otp.body["txnId"] == "" and request_otp.body["scope"] == ["abha-enrol"]
    assert (request_otp.body["loginHint"], request_otp.body["otpSystem"]) == ("aadhaar", "aadhaar")
    assert decrypt(request_otp.body["loginId"]) == AADHAAR
    txn_id = enrol.body["authData"]["otp"]["txnId"]
    assert enrol.body["authData"]["authMethods"] == ["otp"]
    assert decrypt(enrol.body["authData"]["otp"]["otpValue"]) == OTP_VALUE
    assert enrol.body["authData"]["otp"]["mobile"] == AADHAAR_MOBILE
    assert SIMPLE_TIMESTAMP.fullmatch(enrol.body["authData"]["otp"]["timeStamp"])
    assert enrol.body["consent"] == {"code": "abha-enrollment", "version": "1.4"}
    assert suggestion.headers["TRANSACTION_ID"] == txn_id
    assert address.body == {"txnId": txn_id, "abhaAddress": SUGGESTIONS[0], "preferred": 1}
    assert card.headers["X-token"].startswith("Bearer x-token-")
    for call in abha.calls:
        assert call.headers["Authorization"] == f"Bearer {SESSION_TOKEN}"
        assert UTC_MILLISECONDS.fullmatch(call.headers["TIMESTAMP"])
        uuid.UUID(call.headers["REQUEST-ID"])
    assert len({call.headers["REQUEST-ID"] for call in abha.calls}) == len(abha.calls)
    (session,) = abha.sessions
    assert session.headers["X-CM-ID"] == "sbx" and uuid.UUID(session.headers["REQUEST-ID"])


async def test_a_different_mobile_is_verified_by_its_own_otp(desk, abha):
    shown = await desk.create_abha(OTHER_MOBILE)

    assert shown["state"] == "done"
    assert abha.paths() == [
        *ENROLMENT[:3],
        "/v3/enrollment/request/otp",
        "/v3/enrollment/auth/byAbdm",
        *ENROLMENT[3:],
    ]
    mobile_otp, verify = abha.calls[3], abha.calls[4]
    txn_id = abha.calls[2].body["authData"]["otp"]["txnId"]
    assert mobile_otp.body["txnId"] == txn_id
    assert mobile_otp.body["scope"] == ["abha-enrol", "mobile-verify"]
    assert (mobile_otp.body["loginHint"], mobile_otp.body["otpSystem"]) == ("mobile", "abdm")
    assert decrypt(mobile_otp.body["loginId"]) == OTHER_MOBILE
    assert verify.body["scope"] == ["abha-enrol", "mobile-verify"]
    assert verify.body["authData"]["authMethods"] == ["otp"]
    assert verify.body["authData"]["otp"]["txnId"] == txn_id
    assert decrypt(verify.body["authData"]["otp"]["otpValue"]) == OTP_VALUE
    assert SIMPLE_TIMESTAMP.fullmatch(verify.body["authData"]["otp"]["timeStamp"])
    (patient,) = await desk.patients()
    assert patient["mobile"] == OTHER_MOBILE


async def test_the_public_key_is_fetched_once(desk, abha):
    await desk.create_abha(AADHAAR_MOBILE)
    await desk.create_abha(OTHER_MOBILE)

    assert len(abha.sent("/v3/profile/public/certificate")) == 1
    assert len(abha.sessions) == 1  # the session is reused until it nears its expiry


async def test_a_wrong_otp_ends_the_flow_with_abhas_error(desk, abha):
    await desk.act("create-abha", {"aadhaar": AADHAAR, "mobile": AADHAAR_MOBILE})
    await desk.enter_otp("enter-aadhaar-otp", "654321")

    shown = await desk.finished()
    assert shown["state"] == "failed" and shown["step"] == "enrol-by-aadhaar"
    assert shown["error"]["status"] == 422
    assert shown["error"]["body"]["code"] == "HIS-422"
    assert await desk.patients() == []
    assert abha.paths()[-1] == "/v3/enrollment/enrol/byAadhaar"


async def test_a_refusal_later_in_the_flow_ends_it_there(desk, abha):
    abha.refuse["/v3/enrollment/enrol/suggestion"] = (400, {"txnId": "Invalid Transaction Id"})

    shown = await desk.create_abha(AADHAAR_MOBILE)

    assert shown["state"] == "failed" and shown["step"] == "address-suggestions"
    assert shown["error"] == {"status": 400, "body": {"txnId": "Invalid Transaction Id"}}
    assert "/v3/enrollment/enrol/abha-address" not in abha.paths()
    assert await desk.patients() == []


async def test_a_refused_gateway_session_ends_the_flow_before_abha_is_called(desk, abha):
    abha.refuse_session = (401, {"error": {"code": "ABDM-1001"}})

    await desk.act("create-abha", {"aadhaar": AADHAAR, "mobile": AADHAAR_MOBILE})

    shown = await desk.finished()
    assert shown["state"] == "failed" and shown["step"] == "request-aadhaar-otp"
    assert shown["error"] == {"status": 401, "body": {"error": {"code": "ABDM-1001"}}}
    assert abha.calls == []


async def test_the_card_size_is_kept(desk, abha):
    await desk.create_abha(AADHAAR_MOBILE)

    assert desk.app.state.desk.patients.entries[0].details.card_size == len(CARD)


@pytest.mark.parametrize(
    ("step", "mobile"), [("enter-aadhaar-otp", AADHAAR_MOBILE), ("enter-mobile-otp", OTHER_MOBILE)]
)
async def test_a_resent_otp_is_asked_for_again(desk, abha, step, mobile):
    await desk.act("create-abha", {"aadhaar": AADHAAR, "mobile": mobile})
    if step == "enter-mobile-otp":
        await desk.enter_otp("enter-aadhaar-otp")
    await desk.settled(step)
    requested = len(abha.sent("/v3/enrollment/request/otp"))

    response = await desk.act("resend-otp", {})

    assert response.status_code == 202, response.text
    shown = await desk.settled(step)
    assert shown == {"state": "waiting-for-otp", "step": step, "error": None, "accounts": []}
    assert len(abha.sent("/v3/enrollment/request/otp")) == requested + 1
    await desk.enter_otp(step)
    assert (await desk.finished())["state"] == "done"
    assert [p["abha_number"] for p in await desk.patients()] == [ENROLLED["ABHANumber"]]
