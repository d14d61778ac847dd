"""Verifying an ABHA number by OTP, and one patient id per ABHA number (TAGGING_UNIQUEPATIENTID_UNIQUEABHANUMBER)."""

from __future__ import annotations

import pytest

from tests.reference_apps.registration_desk.stand_ins import (
    AADHAAR_MOBILE,
    ENROLLED,
    OTHER_MOBILE,
    OTP_VALUE,
    RETURNING,
    SUGGESTIONS,
    decrypt,
)

pytestmark = pytest.mark.anyio

LOGIN = ["/v3/profile/login/request/otp", "/v3/profile/login/verify", "/v3/profile/account"]


@pytest.mark.parametrize(
    ("method", "scope", "otp_system"),
    [("AADHAAR_OTP", "aadhaar-verify", "aadhaar"), ("MOBILE_OTP", "mobile-verify", "abdm")],
)
async def test_verify_by_otp_registers_the_patient_from_the_profile(desk, abha, method, scope, otp_system):
    shown = await desk.verify_abha("91444455556666", method)

    assert shown == {"state": "done", "step": "registered", "error": None, "accounts": []}
    assert abha.paths() == ["/v3/profile/public/certificate", *LOGIN]
    request_otp, verify, profile = abha.calls[1:]
    assert request_otp.body["scope"] == ["abha-login", scope]
    assert (request_otp.body["loginHint"], request_otp.body["otpSystem"]) == ("abha-number", otp_system)
    assert decrypt(request_otp.body["loginId"]) == "91-4444-5555-6666"
    assert verify.body["scope"] == ["abha-login", scope]
    assert verify.body["authData"]["authMethods"] == ["otp"]
    (txn_id,) = abha.txns
    assert verify.body["authData"]["otp"]["txnId"] == txn_id
    assert decrypt(verify.body["authData"]["otp"]["otpValue"]) == OTP_VALUE
    assert profile.headers["X-token"].startswith("Bearer x-token-")
    assert await desk.patients() == [
        {
            "patient_id": "PID-0001",
            "abha_number": "91-4444-5555-6666",
            "abha_address": RETURNING["preferredAbhaAddress"],
            "name": "Meera Nair",
            "gender": "F",
            "year_of_birth": 1985,
            "mobile": RETURNING["mobile"],
            "card_downloaded": False,
        }
    ]


async def test_a_wrong_login_otp_ends_the_flow(desk, abha):
    await desk.act("verify-abha", {"abha_number": RETURNING["ABHANumber"], "method": "MOBILE_OTP"})
    await desk.enter_otp("enter-login-otp", "000000")

    shown = await desk.finished()
    assert (shown["state"], shown["step"], shown["error"]["status"]) == ("failed", "verify-login-otp", 422)
    assert await desk.patients() == []


async def test_an_abha_number_unknown_to_abha_ends_the_flow(desk, abha):
    await desk.act("verify-abha", {"abha_number": "91-7777-7777-7777", "method": "AADHAAR_OTP"})

    shown = await desk.finished()
    assert (shown["state"], shown["step"]) == ("failed", "request-login-otp")
    assert shown["error"]["status"] == 400 and shown["error"]["body"]["loginId"] == "Invalid ABHA Number"


async def test_a_verified_abha_number_keeps_its_patient_id(desk, abha):
    await desk.create_abha(OTHER_MOBILE)
    await desk.verify_abha(ENROLLED["ABHANumber"], "MOBILE_OTP")
    await desk.verify_abha(RETURNING["ABHANumber"])
    await desk.verify_abha("91-1111-2222-3333", "AADHAAR_OTP")

    patients = await desk.patients()
    assert [(p["patient_id"], p["abha_number"]) for p in patients] == [
        ("PID-0001", ENROLLED["ABHANumber"]),
        ("PID-0002", RETURNING["ABHANumber"]),
    ]
    # The card downloaded at enrolment is still in the file; ABHA's profile now gives the Aadhaar mobile.
    assert patients[0]["card_downloaded"] is True
    assert patients[0]["abha_address"] == f"{SUGGESTIONS[0]}@sbx"
    assert patients[0]["mobile"] == AADHAAR_MOBILE


async def test_enrolling_again_keeps_the_patient_id(desk, abha):
    await desk.create_abha()
    await desk.create_abha()

    assert [p["patient_id"] for p in await desk.patients()] == ["PID-0001"]
