"""Creating an ABHA number by driving licence (CRT_ABHA_401–411) through the driver's create-abha-by-document,
the desk against the simulated ABHA service itself.

A dl-flow OTP to the patient's mobile (request/otp, then auth/byAbdm under the same scope) proves the mobile;
enrol/byDocument then takes the licence's details as printed, photos of both its sides and the patient's
consent, and answers a PROVISIONAL enrolment, under which the patient is registered.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from mocks.abha.enrollment import enrol_profile
from mocks.abha.errors import INCORRECT_DATA, INCORRECT_DATA_MESSAGE
from tests.reference_apps.registration_desk.stand_ins import (
    BACK_PHOTO,
    FRONT_PHOTO,
    NEW_MOBILE,
    SimulatedAbha,
    by_document,
)

pytestmark = pytest.mark.anyio

CERTIFICATE = "/v3/profile/public/certificate"
REQUEST_OTP = "/v3/enrollment/request/otp"
BY_ABDM = "/v3/enrollment/auth/byAbdm"
BY_DOCUMENT = "/v3/enrollment/enrol/byDocument"
DL_FLOW = ["abha-enrol", "mobile-verify", "dl-flow"]
REGISTERED = {"state": "done", "step": "registered", "error": None, "accounts": []}


@pytest.fixture
def abha(simulated_abha):
    return simulated_abha


async def start(desk, body: dict[str, Any]) -> None:
    response = await desk.act("create-abha-by-document", body)
    assert response.status_code == 202, response.text


async def enter_mobile_otp(desk, abha: SimulatedAbha, to: str = NEW_MOBILE, typed=str) -> str:
    """Type in the newest OTP sent to this mobile (as `typed` makes of it) once the flow asks for it; that OTP."""
    await desk.settled("enter-mobile-otp")
    otp = abha.latest_otp(to)
    assert otp is not None, f"no OTP went to {to}"
    await desk.enter_otp("enter-mobile-otp", typed(otp))
    return otp


def wrong(otp: str) -> str:
    return f"{(int(otp) + 1) % 10**6:06d}"


def no_enrolment(abha: SimulatedAbha) -> bool:
    return all(account.licence is None for account in abha.accounts.values())


async def test_a_driving_licence_enrols_the_patient_under_the_enrolment_number(desk, abha):
    licence = abha.licences[0]
    assert licence.middle_name  # the first licence has one, and it must go to ABHA
    assert abha.ledger.accounts_on(NEW_MOBILE) == [] and no_enrolment(abha)
    await start(desk, by_document(licence))
    otp = await enter_mobile_otp(desk, abha)

    assert await desk.finished() == REGISTERED
    assert abha.refusals == []
    assert abha.paths() == [CERTIFICATE, REQUEST_OTP, BY_ABDM, BY_DOCUMENT]
    _, request_otp, by_abdm, enrol = abha.calls

    assert {key: value for key, value in request_otp.body.items() if key != "loginId"} == {
        "txnId": "",
        "scope": DL_FLOW,
        "loginHint": "mobile",
        "otpSystem": "abdm",
    }
    assert abha.key.decrypt(request_otp.body["loginId"]) == NEW_MOBILE
    (sent,) = abha.otps
    assert (sent.channel, sent.to, sent.otp) == ("mobile", NEW_MOBILE, otp)

    assert by_abdm.body["scope"] == DL_FLOW
    assert by_abdm.body["authData"]["authMethods"] == ["otp"]
    assert by_abdm.body["authData"]["otp"]["txnId"] == sent.txn_id
    assert abha.key.decrypt(by_abdm.body["authData"]["otp"]["otpValue"]) == otp

    assert enrol.body == {
        "txnId": sent.txn_id,
        "documentType": "DRIVING_LICENCE",
        "documentId": licence.document_id,
        "firstName": licence.first_name,
        "middleName": licence.middle_name,
        "lastName": licence.last_name,
        "dob": licence.dob,
        "gender": licence.gender,
        "address": licence.address,
        "state": licence.state,
        "district": licence.district,
        "pinCode": licence.pin_code,
        "frontSidePhoto": FRONT_PHOTO,
        "backSidePhoto": BACK_PHOTO,
        "consent": {"code": "abha-enrollment", "version": "1.4"},
    }

    account = abha.ledger.account_of_licence(licence)
    assert account is not None and account.mobile == NEW_MOBILE
    profile = enrol_profile(account)  # what byDocument answered
    assert profile["enrolmentState"] == "PROVISIONAL"
    assert await desk.patients() == [
        {
            "patient_id": "PID-0001",
            "abha_number": profile["enrolmentNumber"],
            "abha_address": profile["phrAddress"][0],
            "name": licence.name,
            "gender": licence.gender,
            "year_of_birth": int(licence.dob[:4]),
            "mobile": NEW_MOBILE,
            "card_downloaded": False,
        }
    ]


async def test_a_licence_without_a_middle_name_sends_an_empty_one(desk, abha):
    licence = abha.licences[1]
    assert licence.middle_name == ""
    body = by_document(licence)
    del body["licence"]["middle_name"]  # the driver does not require it
    await start(desk, body)
    await enter_mobile_otp(desk, abha)

    assert await desk.finished() == REGISTERED
    (enrol,) = abha.sent(BY_DOCUMENT)
    assert (enrol.body["firstName"], enrol.body["middleName"]) == (licence.first_name, "")
    (patient,) = await desk.patients()
    assert patient["name"] == licence.name


async def test_a_wrong_date_of_birth_is_refused_by_abha_and_nobody_is_registered(desk, abha):
    licence = abha.licences[0]
    wrong_dob = (date.fromisoformat(licence.dob) - timedelta(days=1)).isoformat()
    await start(desk, by_document(licence, dob=wrong_dob))
    await enter_mobile_otp(desk, abha)

    shown = await desk.finished()
    assert (shown["state"], shown["step"]) == ("failed", "enrol-by-document")
    assert shown["error"]["status"] == 422
    assert shown["error"]["body"]["code"] == INCORRECT_DATA
    assert shown["error"]["body"]["message"] == INCORRECT_DATA_MESSAGE
    (enrol,) = abha.sent(BY_DOCUMENT)
    assert enrol.body["dob"] == wrong_dob
    (refused,) = abha.refusals
    assert (refused.path, refused.status) == (BY_DOCUMENT, 422) and "dob" in refused.reason
    assert await desk.patients() == []
    assert no_enrolment(abha)


async def test_a_wrong_otp_ends_the_flow_before_the_licence_is_sent(desk, abha):
    await start(desk, by_document(abha.licences[0]))
    await enter_mobile_otp(desk, abha, typed=wrong)

    shown = await desk.finished()
    assert (shown["state"], shown["step"], shown["error"]["status"]) == ("failed", "verify-mobile-otp", 422)
    assert abha.paths() == [CERTIFICATE, REQUEST_OTP, BY_ABDM]
    assert await desk.patients() == []
    assert no_enrolment(abha)


async def test_a_resent_otp_is_the_one_verified(desk, abha):
    licence = abha.licences[0]
    await start(desk, by_document(licence))
    await desk.settled("enter-mobile-otp")

    response = await desk.act("resend-otp", {})

    assert response.status_code == 202, response.text
    shown = await desk.settled("enter-mobile-otp")
    assert shown == {"state": "waiting-for-otp", "step": "enter-mobile-otp", "error": None, "accounts": []}
    first_request, second_request = abha.sent(REQUEST_OTP)
    for request in (first_request, second_request):
        assert (request.body["scope"], request.body["loginHint"], request.body["otpSystem"]) == (
            DL_FLOW,
            "mobile",
            "abdm",
        )
        assert abha.key.decrypt(request.body["loginId"]) == NEW_MOBILE
    first, second = abha.otps
    assert first.to == second.to == NEW_MOBILE and first.txn_id != second.txn_id
    otp = await enter_mobile_otp(desk, abha)
    assert otp == second.otp

    assert await desk.finished() == REGISTERED
    assert abha.refusals == []
    (by_abdm,) = abha.sent(BY_ABDM)
    assert by_abdm.body["authData"]["otp"]["txnId"] == second.txn_id
    (enrol,) = abha.sent(BY_DOCUMENT)
    assert enrol.body["txnId"] == second.txn_id
    account = abha.ledger.account_of_licence(licence)
    assert account is not None
    assert [p["abha_number"] for p in await desk.patients()] == [account.abha_number]


# ---- what the driver refuses ----


def _without(key: str):
    def changed(body: dict[str, Any]) -> None:
        del body["licence"][key]

    return changed


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (_without("district"), "INVALID_LICENCE"),
        (_without("number"), "INVALID_LICENCE"),
        ({"type": "PAN"}, "INVALID_LICENCE"),
        ({"dob": "19-12-2000"}, "INVALID_LICENCE"),
        ({"pin_code": 578566}, "INVALID_LICENCE"),
        ({"licence": "KA7720188585697"}, "INVALID_LICENCE"),
        ({"back_photo": ""}, "INVALID_PHOTO"),
        ({"front_photo": None}, "INVALID_PHOTO"),
        ({"mobile": "900001234"}, "INVALID_MOBILE"),  # 9 digits
    ],
    ids=[
        "no district",
        "no number",
        "PAN",
        "dob DD-MM-YYYY",
        "pin code as number",
        "licence as text",
        "empty back photo",
        "no front photo",
        "9-digit mobile",
    ],
)
async def test_create_abha_by_document_refuses_invalid_input_before_calling_abha(desk, abha, change, code):
    body = by_document(abha.licences[0])
    if callable(change):
        change(body)
    else:
        body = by_document(abha.licences[0], **change)

    response = await desk.act("create-abha-by-document", body)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert abha.calls == []
    assert (await desk.last_flow())["state"] == "idle"
