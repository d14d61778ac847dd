"""Each of the desk's defect switches makes the mistake it names, and only when on."""

from __future__ import annotations

import pytest

from reference_apps.registration_desk import create_app
from reference_apps.registration_desk.defects import DEFECTS
from tests.reference_apps.registration_desk.stand_ins import (
    AADHAAR,
    AADHAAR_MOBILE,
    ENROLLED,
    FRONT_PHOTO,
    NEW_MOBILE,
    OTHER_MOBILE,
    OTP_VALUE,
    SimulatedAbha,
    by_document,
    decrypt,
    decrypt_pkcs1,
    open_desk,
    until,
)

pytestmark = pytest.mark.anyio
REQUEST_OTP = "/v3/enrollment/request/otp"
ENROL = "/v3/enrollment/enrol/byAadhaar"
LOGIN_OTP = "/v3/profile/login/request/otp"
LOGIN_VERIFY = "/v3/profile/login/verify"
VERIFY_USER = "/v3/profile/login/verify/user"
BY_DOCUMENT = "/v3/enrollment/enrol/byDocument"


def test_every_defect_has_a_test():
    assert {name for name in DEFECTS if f"test_{name}" not in globals()} == set()


def test_an_unknown_defect_is_refused():
    with pytest.raises(ValueError, match="no_such_defect"):
        create_app(defects=["no_such_defect"])


async def start_enrolment(desk, aadhaar: str = AADHAAR, mobile: str = AADHAAR_MOBILE) -> None:
    response = await desk.act("create-abha", {"aadhaar": aadhaar, "mobile": mobile})
    assert response.status_code == 202, response.text


async def find_abha(desk, **by: str) -> None:
    response = await desk.act("find-abha", by)
    assert response.status_code == 202, response.text


async def enter_login_otp(desk, abha: SimulatedAbha, to: str) -> str:
    """Type in the newest OTP sent to this mobile once the flow asks for it; that OTP."""
    await desk.settled("enter-login-otp")
    otp = abha.latest_otp(to)
    assert otp is not None, f"no OTP went to {to}"
    await desk.enter_otp("enter-login-otp", otp)
    return otp


async def enrol_by_licence(desk, abha: SimulatedAbha, otp_asked: bool = True) -> dict:
    """Start an enrolment by abha.licences[0] for NEW_MOBILE, type in the OTP when `otp_asked`; the flow's end."""
    response = await desk.act("create-abha-by-document", by_document(abha.licences[0]))
    assert response.status_code == 202, response.text
    if otp_asked:
        await desk.settled("enter-mobile-otp")
        otp = abha.latest_otp(NEW_MOBILE)
        assert otp is not None, f"no OTP went to {NEW_MOBILE}"
        await desk.enter_otp("enter-mobile-otp", otp)
    return await desk.settled()


async def test_sends_aadhaar_unencrypted(abha):
    async with open_desk("sends_aadhaar_unencrypted") as desk:
        await start_enrolment(desk)
        shown = await desk.finished()

    (request_otp,) = abha.sent(REQUEST_OTP)
    assert request_otp.body["loginId"] == AADHAAR
    assert (shown["state"], shown["error"]["status"]) == ("failed", 400)  # ABHA cannot decrypt it


async def test_sends_aadhaar_unencrypted_to_find_an_abha(simulated_abha):
    aadhaar = simulated_abha.identities[2].aadhaar
    async with open_desk("sends_aadhaar_unencrypted") as desk:
        await find_abha(desk, aadhaar=aadhaar)
        shown = await desk.settled()
        assert await desk.patients() == []

    (request_otp,) = simulated_abha.sent(LOGIN_OTP)
    assert request_otp.body["loginHint"] == "aadhaar" and request_otp.body["loginId"] == aadhaar
    assert shown["state"] == "failed"
    assert shown["error"] == {"status": 400, "body": {"loginId": "Invalid LoginId"}}


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


async def test_skips_mobile_verification_in_the_licence_flow(simulated_abha):
    async with open_desk("skips_mobile_verification") as desk:
        shown = await enrol_by_licence(desk, simulated_abha, otp_asked=False)
        patients = await desk.patients()

    assert simulated_abha.paths() == [BY_DOCUMENT]  # no OTP requested, none verified
    assert simulated_abha.otps == []
    (enrol,) = simulated_abha.sent(BY_DOCUMENT)
    assert enrol.body["txnId"] == ""
    assert (shown["state"], shown["step"]) == ("failed", "enrol-by-document")
    assert shown["error"] == {"status": 400, "body": {"txnId": "Invalid Transaction Id"}}
    assert patients == []


async def test_wrong_consent_version(abha):
    async with open_desk("wrong_consent_version") as desk:
        await start_enrolment(desk)
        await desk.enter_otp("enter-aadhaar-otp")
        shown = await desk.finished()

    (enrol,) = abha.sent(ENROL)
    assert enrol.body["consent"] == {"code": "abha-enrollment", "version": "1.0"}
    assert shown["error"]["status"] == 400
    assert shown["error"]["body"]["consentVersion"] == "Invalid Consent Version"


async def test_wrong_consent_version_in_the_licence_flow(simulated_abha):
    async with open_desk("wrong_consent_version") as desk:
        shown = await enrol_by_licence(desk, simulated_abha)
        patients = await desk.patients()

    (enrol,) = simulated_abha.sent(BY_DOCUMENT)
    assert enrol.body["consent"] == {"code": "abha-enrollment", "version": "1.0"}
    assert (shown["state"], shown["step"]) == ("failed", "enrol-by-document")
    assert shown["error"] == {"status": 400, "body": {"consent": "Invalid consent"}}
    assert patients == []


async def test_no_dl_flow_scope(simulated_abha):
    async with open_desk("no_dl_flow_scope") as desk:
        shown = await enrol_by_licence(desk, simulated_abha, otp_asked=False)
        patients = await desk.patients()

    (request_otp,) = simulated_abha.sent(REQUEST_OTP)
    assert request_otp.body["scope"] == ["abha-enrol", "mobile-verify"]  # no dl-flow
    assert (request_otp.body["txnId"], request_otp.body["loginHint"]) == ("", "mobile")
    assert (shown["state"], shown["step"]) == ("failed", "request-mobile-otp")
    assert shown["error"] == {"status": 400, "body": {"txnId": "Invalid Transaction Id"}}
    (refused,) = simulated_abha.refusals
    assert refused.path == REQUEST_OTP and "dl-flow" in refused.reason
    assert simulated_abha.otps == [] and BY_DOCUMENT not in simulated_abha.paths()
    assert patients == []


async def test_omits_back_photo(simulated_abha):
    async with open_desk("omits_back_photo") as desk:
        shown = await enrol_by_licence(desk, simulated_abha)
        patients = await desk.patients()

    (enrol,) = simulated_abha.sent(BY_DOCUMENT)
    assert "backSidePhoto" not in enrol.body
    assert enrol.body["frontSidePhoto"] == FRONT_PHOTO
    assert (shown["state"], shown["step"]) == ("failed", "enrol-by-document")
    assert shown["error"] == {"status": 400, "body": {"backSidePhoto": "Invalid Back Side Photo"}}
    (refused,) = simulated_abha.refusals
    assert (refused.path, refused.field) == (BY_DOCUMENT, "backSidePhoto")
    assert patients == []


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


async def test_omits_otp_system(simulated_abha):
    identity = simulated_abha.identities[0]  # holds no ABHA yet
    async with open_desk("omits_otp_system") as desk:
        await start_enrolment(desk, identity.aadhaar, identity.aadhaar_mobile)
        shown = await desk.settled()

    (request_otp,) = simulated_abha.sent(REQUEST_OTP)
    assert "otpSystem" not in request_otp.body
    assert (request_otp.body["scope"], request_otp.body["loginHint"]) == (["abha-enrol"], "aadhaar")
    assert shown["state"] == "failed"
    assert shown["error"] == {"status": 400, "body": {"otpSystem": "Invalid OtpSystem"}}
    assert simulated_abha.otps == []


async def test_picks_first_account(simulated_abha):
    first, second = simulated_abha.account(3), simulated_abha.account(4)
    assert first.mobile == second.mobile  # two ABHAs on one mobile, first in ABHA's answer
    async with open_desk("picks_first_account") as desk:
        await find_abha(desk, mobile=second.mobile)
        await enter_login_otp(desk, simulated_abha, second.mobile)
        shown = await desk.settled()  # done, not waiting for an account to be selected
        patients = await desk.patients()

    assert shown == {"state": "done", "step": "registered", "error": None, "accounts": []}
    (verify_user,) = simulated_abha.sent(VERIFY_USER)
    assert verify_user.body["ABHANumber"] == first.abha_number
    assert [p["abha_number"] for p in patients] == [first.abha_number]


async def test_never_registers_found_patient(simulated_abha):
    account = simulated_abha.account(2)  # the only ABHA on its mobile
    async with open_desk("never_registers_found_patient") as desk:
        await find_abha(desk, mobile=account.mobile)
        await enter_login_otp(desk, simulated_abha, account.mobile)

        async def stalled() -> dict | None:
            shown = await desk.last_flow()
            return shown if shown["step"] == "register-patient" else None

        shown = await until(stalled, "the flow to reach register-patient")
        assert shown["state"] not in ("done", "failed")  # the screen still says it is working
        assert await desk.patients() == []


@pytest.mark.parametrize("refusal", ["no ABHA found", "wrong OTP"])
async def test_swallows_abha_errors(simulated_abha, refusal):
    async with open_desk("swallows_abha_errors") as desk:
        if refusal == "no ABHA found":
            await find_abha(desk, mobile=simulated_abha.identities[-1].aadhaar_mobile)
        else:
            account = simulated_abha.account(2)
            await find_abha(desk, mobile=account.mobile)
            await desk.settled("enter-login-otp")
            otp = simulated_abha.latest_otp(account.mobile)
            await desk.enter_otp("enter-login-otp", f"{(int(otp) + 1) % 10**6:06d}")
        shown = await desk.finished()
        patients = await desk.patients()

    (refused,) = simulated_abha.refusals  # ABHA said no …
    assert refused.status == 422
    assert refused.path == (LOGIN_OTP if refusal == "no ABHA found" else LOGIN_VERIFY)
    assert shown == {"state": "done", "step": "registered", "error": None, "accounts": []}  # … the screen does not
    assert patients == []


async def test_resend_keeps_first_transaction(simulated_abha):
    account = simulated_abha.account(2)
    async with open_desk("resend_keeps_first_transaction") as desk:
        await find_abha(desk, mobile=account.mobile)
        await desk.settled("enter-login-otp")
        response = await desk.act("resend-otp", {})
        assert response.status_code == 202, response.text
        otp = await enter_login_otp(desk, simulated_abha, account.mobile)
        shown = await desk.finished()
        patients = await desk.patients()

    first, second = simulated_abha.otps
    assert second.otp == otp and len(simulated_abha.sent(LOGIN_OTP)) == 2
    (verify,) = simulated_abha.sent(LOGIN_VERIFY)
    assert verify.body["authData"]["otp"]["txnId"] == first.txn_id != second.txn_id
    assert (shown["state"], shown["step"], shown["error"]["status"]) == ("failed", "verify-login-otp", 422)
    assert patients == []
