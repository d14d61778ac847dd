"""Each of the desk's defect switches makes the mistake it names, and only when on."""

from __future__ import annotations

import pytest

from reference_apps.registration_desk import create_app
from reference_apps.registration_desk.defects import DEFECTS
from tests.reference_apps.registration_desk.stand_ins import (
    AADHAAR,
    AADHAAR_MOBILE,
    ENROLLED,
    OTHER_MOBILE,
    OTP_VALUE,
    decrypt,
    decrypt_pkcs1,
    open_desk,
)

pytestmark = pytest.mark.anyio
REQUEST_OTP = "/v3/enrollment/request/otp"
ENROL = "/v3/enrollment/enrol/byAadhaar"


def test_every_defect_has_a_test():
    assert {name for name in DEFECTS if f"test_{name}" not in globals()} == set()


def test_an_unknown_defect_is_refused():
    with pytest.raises(ValueError, match="no_such_defect"):
        create_app(defects=["no_such_defect"])


async def start_enrolment(desk, aadhaar: str = AADHAAR, mobile: str = AADHAAR_MOBILE) -> None:
    response = await desk.act("create-abha", {"aadhaar": aadhaar, "mobile": mobile})
    assert response.status_code == 202, response.text


async def test_sends_aadhaar_unencrypted(abha):
    async with open_desk("sends_aadhaar_unencrypted") as desk:
        await start_enrolment(desk)
        shown = await desk.finished()

    (request_otp,) = abha.sent(REQUEST_OTP)
    assert request_otp.body["loginId"] == AADHAAR
    assert (shown["state"], shown["error"]["status"]) == ("failed", 400)  # ABHA cannot decrypt it


async def test_pkcs1_padding(abha):
    async with open_desk("pkcs1_padding") as desk:
        await start_enrolment(desk)
        shown = await desk.finished()

    (request_otp,) = abha.sent(REQUEST_OTP)
    assert decrypt(request_otp.body["loginId"]) is None
    assert decrypt_pkcs1(request_otp.body["loginId"]) == AADHAAR
    assert shown["state"] == "failed"


async def test_otp_unencrypted(abha):
    async with open_desk("otp_unencrypted") as desk:
        await start_enrolment(desk)
        await desk.enter_otp("enter-aadhaar-otp")
        shown = await desk.finished()

    (enrol,) = abha.sent(ENROL)
    assert enrol.body["authData"]["otp"]["otpValue"] == OTP_VALUE
    assert decrypt(abha.sent(REQUEST_OTP)[0].body["loginId"]) == AADHAAR  # the rest is still encrypted
    assert (shown["state"], shown["error"]["status"]) == ("failed", 422)


async def test_no_aadhaar_check(abha):
    async with open_desk("no_aadhaar_check") as desk:
        await start_enrolment(desk, aadhaar="234123412345")  # a wrong check digit
        await desk.finished()

    (request_otp,) = abha.sent(REQUEST_OTP)
    assert decrypt(request_otp.body["loginId"]) == "234123412345"


async def test_accepts_13_digit_abha(abha):
    async with open_desk("accepts_13_digit_abha") as desk:
        response = await desk.act("verify-abha", {"abha_number": "9144445555666", "method": "AADHAAR_OTP"})
        shown = await desk.finished()

    assert response.status_code == 202
    (request_otp,) = abha.sent("/v3/profile/login/request/otp")
    assert decrypt(request_otp.body["loginId"]) == "91-4444-5555-666"
    assert shown["state"] == "failed"


async def test_skips_mobile_verification(abha):
    async with open_desk("skips_mobile_verification") as desk:
        await start_enrolment(desk, mobile=OTHER_MOBILE)
        await desk.enter_otp("enter-aadhaar-otp")
        shown = await desk.finished()
        (patient,) = await desk.patients()

    assert shown["state"] == "done"
    assert len(abha.sent(REQUEST_OTP)) == 1 and abha.sent("/v3/enrollment/auth/byAbdm") == []
    assert patient["mobile"] == OTHER_MOBILE  # never proven to be the patient's


async def test_wrong_consent_version(abha):
    async with open_desk("wrong_consent_version") as desk:
        await start_enrolment(desk)
        await desk.enter_otp("enter-aadhaar-otp")
        shown = await desk.finished()

    (enrol,) = abha.sent(ENROL)
    assert enrol.body["consent"] == {"code": "abha-enrollment", "version": "1.0"}
    assert shown["error"]["status"] == 400
    assert shown["error"]["body"]["consentVersion"] == "Invalid Consent Version"


async def test_no_address_suggestions(abha):
    async with open_desk("no_address_suggestions") as desk:
        shown = await desk.create_abha()
        (patient,) = await desk.patients()

    assert shown["state"] == "done"
    assert abha.sent("/v3/enrollment/enrol/suggestion") == []
    (created,) = abha.sent("/v3/enrollment/enrol/abha-address")
    assert created.body["abhaAddress"] == "ravikumar1990"
    assert patient["abha_address"] == "ravikumar1990@sbx"


async def test_stores_wrong_abha_number(abha):
    async with open_desk("stores_wrong_abha_number") as desk:
        await desk.create_abha()
        (patient,) = await desk.patients()

    assert ENROLLED["ABHANumber"] == "91-1111-2222-3333"
    assert patient["abha_number"] == "91-1111-2222-3334"


async def test_no_card_download(abha):
    async with open_desk("no_card_download") as desk:
        shown = await desk.create_abha()
        (patient,) = await desk.patients()

    assert shown["state"] == "done"
    assert abha.sent("/v3/profile/account/abha-card") == []
    assert patient["card_downloaded"] is False


async def test_duplicate_patient_ids(abha):
    async with open_desk("duplicate_patient_ids") as desk:
        await desk.create_abha()
        await desk.verify_abha(ENROLLED["ABHANumber"])
        patients = await desk.patients()

    assert [(p["patient_id"], p["abha_number"]) for p in patients] == [
        ("PID-0001", ENROLLED["ABHANumber"]),
        ("PID-0002", ENROLLED["ABHANumber"]),
    ]
