"""Creating an ABHA with a driving licence (CRT_ABHA_401–411): the dl-flow mobile OTP, byAbdm and
byDocument, the PROVISIONAL enrolment they make, and the ways the service refuses."""

from __future__ import annotations

import base64
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from mocks.abha import AbhaService
from mocks.abha.images import png
from mocks.abha.licences import LICENCE_NUMBER, make_licences
from tests.abha.desk import CONSENT

SCHEMA = "schemas/abha-v3/enrollment-enrol-byDocument.json"
DL_SCOPE = ["abha-enrol", "mobile-verify", "dl-flow"]
MOBILE = "9123456780"
PNG = base64.b64encode(png({"side": "front"})).decode()
JPEG = base64.b64encode(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9").decode()
STATE_LETTERS = {
    "BIHAR": "BR",
    "KARNATAKA": "KA",
    "MAHARASHTRA": "MH",
    "TAMIL NADU": "TN",
    "UTTAR PRADESH": "UP",
    "WEST BENGAL": "WB",
}


def dl_otp(desk, mobile, txn_id=None):
    body = {"scope": DL_SCOPE, "loginHint": "mobile", "loginId": desk.enc(mobile), "otpSystem": "abdm"}
    if txn_id is not None:
        body["txnId"] = txn_id
    return desk.call("POST", "/v3/enrollment/request/otp", body)


def verify(desk, txn_id, otp, scope=DL_SCOPE):
    otp_data = {"timeStamp": "2024-06-01 10:30:00", "txnId": txn_id, "otpValue": desk.enc(otp)}
    body = {"scope": scope, "authData": {"authMethods": ["otp"], "otp": otp_data}}
    return desk.call("POST", "/v3/enrollment/auth/byAbdm", body)


def verified_transaction(desk, service, mobile=MOBILE):
    status, sent = dl_otp(desk, mobile)
    assert status == 200, sent
    status, verified = verify(desk, sent["txnId"], service.latest_otp(mobile))
    assert status == 200, verified
    return sent["txnId"]


def document(licence, txn_id, **changes):
    """byDocument's body for this licence, as the yml's example lays it out."""
    body = {
        "txnId": txn_id,
        "documentType": "DRIVING_LICENCE",
        "documentId": licence.document_id,
        "firstName": licence.first_name,
        "middleName": licence.middle_name,
        "lastName": licence.last_name,
        "dob": licence.dob,
        "gender": licence.gender,
        "frontSidePhoto": JPEG,
        "backSidePhoto": PNG,
        "address": licence.address,
        "state": licence.state.lower(),
        "district": licence.district.lower(),
        "pinCode": licence.pin_code,
        "consent": CONSENT,
    }
    for key, value in changes.items():
        if value is None:
            del body[key]
        else:
            body[key] = value
    return body


def by_document(desk, body):
    return desk.call("POST", "/v3/enrollment/enrol/byDocument", body)


# ---- the licence holders ----


def test_licences_look_like_indian_driving_licences(service):
    assert len(service.licences) == 2 and service.licences is service.ledger.licences
    for licence in service.licences:
        assert LICENCE_NUMBER.fullmatch(licence.document_id)
        assert licence.document_id[:2] == STATE_LETTERS[licence.state]
        issued = int(licence.document_id[4:8])
        assert int(licence.dob[:4]) + 18 <= issued <= 2024
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", licence.dob) and licence.gender in ("M", "F")
        assert re.fullmatch(r"[1-9]\d{5}", licence.pin_code)
        assert licence.first_name and licence.last_name and licence.address and licence.district
    assert service.licences[0].middle_name and service.licences[1].middle_name == ""
    assert len({licence.document_id for licence in service.licences}) == 2


def test_licence_holders_have_no_abha_and_are_not_aadhaar_holders(service):
    assert not [a for a in service.accounts.values() if a.licence is not None]
    people = {(i.first_name, i.last_name, i.date_of_birth) for i in service.identities}
    assert not people & {(lic.first_name, lic.last_name, lic.dob) for lic in service.licences}


def test_the_same_seed_gives_the_same_licences():
    assert make_licences(7) == make_licences(7) == AbhaService(7, bool).licences
    assert make_licences(8) != make_licences(7)


# ---- the whole flow (CRT_ABHA_401, 405–409) ----


def test_the_dl_otp_opens_an_enrolment_and_goes_to_the_mobile(desk, service):
    status, answer = dl_otp(desk, MOBILE)
    assert status == 200
    assert answer == {"txnId": answer["txnId"], "message": "OTP is sent to Mobile number ending with ******6780"}
    sent = service.otps[-1]
    assert (sent.txn_id, sent.channel, sent.to, sent.purpose) == (
        answer["txnId"],
        "mobile",
        MOBILE,
        "abha-enrol,mobile-verify,dl-flow",
    )
    assert dl_otp(desk, MOBILE, txn_id="")[0] == 200  # txnId "" also starts one


def test_a_licence_holder_gets_a_provisional_enrolment_with_the_verified_mobile(desk, service):
    licence = service.licences[0]
    status, sent = dl_otp(desk, MOBILE)
    txn_id = sent["txnId"]
    status, verified = verify(desk, txn_id, service.latest_otp(MOBILE))
    assert (status, verified) == (
        200,
        {"txnId": txn_id, "authResult": "success", "message": "OTP verified successfully."},
    )

    status, answer = by_document(desk, document(licence, txn_id))
    assert status == 200, answer
    profile = answer["EnrolProfile"]
    number = profile["enrolmentNumber"]
    assert re.fullmatch(r"91-\d{4}-\d{4}-\d{4}", number)
    assert profile == {
        "enrolmentNumber": number,
        "enrolmentState": "PROVISIONAL",
        "firstName": licence.first_name,
        "middleName": licence.middle_name,
        "lastName": licence.last_name,
        "dob": licence.dob,
        "gender": licence.gender,
        "mobile": MOBILE,
        "email": None,
        "address": licence.address,
        "districtCode": profile["districtCode"],
        "district": licence.district.lower(),
        "stateCode": profile["stateCode"],
        "state": licence.state.lower(),
        "abhaType": "STANDARD",
        "pinCode": licence.pin_code,
        "abhaStatus": "ACTIVE",
        "phrAddress": [number.replace("-", "") + "@sbx"],
    }
    assert re.fullmatch(r"\d{2}", profile["stateCode"]) and re.fullmatch(r"\d{3}", profile["districtCode"])
    account = service.accounts[number]
    assert (account.licence, account.enrolment_state, account.mobile, account.status) == (
        licence,
        "PROVISIONAL",
        MOBILE,
        "ACTIVE",
    )
    assert account.preferred_abha_address == profile["phrAddress"][0]
    assert account.identity.aadhaar == "" and account.identity.name == licence.name


def test_names_compare_without_case_or_surrounding_spaces_and_the_middle_name_may_be_left_out(desk, service):
    licence = service.licences[0]
    body = document(
        licence,
        verified_transaction(desk, service),
        firstName=f"  {licence.first_name.upper()} ",
        lastName=licence.last_name.lower(),
        middleName=None,
    )
    status, answer = by_document(desk, body)
    assert status == 200, answer
    assert answer["EnrolProfile"]["firstName"] == licence.first_name  # the licence's spelling
    assert answer["EnrolProfile"]["middleName"] == licence.middle_name


def test_a_state_the_simulator_does_not_know_leaves_its_codes_null(desk, service):
    licence = service.licences[1]
    body = document(licence, verified_transaction(desk, service), state="Kerala", district="Ernakulam")
    status, answer = by_document(desk, body)
    assert status == 200, answer
    assert (answer["EnrolProfile"]["stateCode"], answer["EnrolProfile"]["districtCode"]) == (None, None)


def test_the_same_licence_again_answers_with_its_enrolment(desk, service):
    licence = service.licences[1]
    first = by_document(desk, document(licence, verified_transaction(desk, service)))[1]["EnrolProfile"]
    count = len(service.accounts)
    status, again = by_document(desk, document(licence, verified_transaction(desk, service, "9988776655")))
    assert status == 200
    assert again["EnrolProfile"] == first  # the mobile too: the enrolment keeps the one it was made with
    assert len(service.accounts) == count


def test_the_transaction_is_single_use(desk, service):
    txn_id = verified_transaction(desk, service)
    assert by_document(desk, document(service.licences[0], txn_id))[0] == 200
    status, answer = by_document(desk, document(service.licences[1], txn_id))
    assert (status, answer["code"]) == (422, "ABDM-1017")
    assert "used up" in service.refusals[-1].reason
    assert dl_otp(desk, MOBILE, txn_id=txn_id)[1]["code"] == "ABDM-1017"


def test_the_enrolment_is_found_by_its_mobile(desk, service):
    txn_id = verified_transaction(desk, service, "9988776655")
    number = by_document(desk, document(service.licences[0], txn_id))[1]["EnrolProfile"]["enrolmentNumber"]
    status, sent = desk.login_otp(["abha-login", "mobile-verify"], "mobile", "9988776655", "abdm")
    assert status == 200, sent
    status, login = desk.login_verify(["abha-login", "mobile-verify"], sent["txnId"], service.latest_otp("9988776655"))
    assert status == 200 and [a["ABHANumber"] for a in login["accounts"]] == [number]


def test_an_abha_made_from_a_licence_takes_no_aadhaar_otp(desk, service):
    txn_id = verified_transaction(desk, service)
    number = by_document(desk, document(service.licences[0], txn_id))[1]["EnrolProfile"]["enrolmentNumber"]
    status, answer = desk.login_otp(["abha-login", "aadhaar-verify"], "abha-number", number, "aadhaar")
    assert (status, answer["code"]) == (422, "ABDM-1120")
    assert service.refusals[-1].reason == "This ABHA Number is not linked with an Aadhaar number"
    assert service.accounts[number].auth_methods == ["MOBILE_OTP"]


def test_a_resend_replaces_the_otp(desk, service):
    txn_id = dl_otp(desk, MOBILE)[1]["txnId"]
    status, answer = dl_otp(desk, "9988776655", txn_id=txn_id)
    assert status == 200 and answer["txnId"] == txn_id
    assert verify(desk, txn_id, service.latest_otp("9988776655"))[0] == 200
    status, answer = by_document(desk, document(service.licences[0], txn_id))
    assert answer["EnrolProfile"]["mobile"] == "9988776655"


# ---- refusals: the mobile ----


def test_an_unverified_mobile_is_refused(desk, service):
    txn_id = dl_otp(desk, MOBILE)[1]["txnId"]
    status, answer = by_document(desk, document(service.licences[0], txn_id))
    assert (status, answer) == (422, {"code": "ABDM-1102", "message": "Mobile number verification is pending."})
    assert "mobile was not verified" in service.refusals[-1].reason
    assert not [a for a in service.accounts.values() if a.licence is not None]


def test_an_aadhaar_enrolment_transaction_is_refused(desk, service):
    txn_id = desk.start_enrolment(service.identities[0])
    status, answer = by_document(desk, document(service.licences[0], txn_id))
    assert (status, answer["code"]) == (422, "ABDM-1102")
    assert "mobile was not verified" in service.refusals[-1].reason
    assert "not a dl-flow enrolment" in service.refusals[-1].reason


def test_a_wrong_otp_fails_the_verification(desk, service):
    txn_id = dl_otp(desk, MOBILE)[1]["txnId"]
    wrong = f"{(int(service.latest_otp(MOBILE)) + 1) % 10**6:06d}"
    status, answer = verify(desk, txn_id, wrong)
    assert (status, answer["code"], answer["authResult"]) == (422, "ABDM-1204", "failed")
    assert by_document(desk, document(service.licences[0], txn_id))[1]["code"] == "ABDM-1102"


def test_the_otp_is_single_use_and_needs_the_dl_scope(desk, service):
    txn_id = dl_otp(desk, MOBILE)[1]["txnId"]
    otp = service.latest_otp(MOBILE)
    status, answer = verify(desk, txn_id, otp, scope=["abha-enrol", "mobile-verify"])
    assert (status, answer["code"]) == (422, "ABDM-2406")  # not the scope the OTP was sent under
    assert verify(desk, txn_id, otp)[0] == 200
    status, answer = verify(desk, txn_id, otp)
    assert (status, answer["code"]) == (422, "ABDM-1204")
    assert "already used" in service.refusals[-1].reason


def test_the_aadhaar_steps_do_not_take_a_dl_transaction(desk, service):
    txn_id = verified_transaction(desk, service)
    assert desk.suggestions(txn_id)[1]["code"] == "ABDM-2406"
    assert desk.mobile_otp(txn_id, MOBILE)[1]["code"] == "ABDM-2406"


# ---- refusals: the document ----


def test_only_a_driving_licence_is_taken(desk, service):
    body = document(service.licences[0], verified_transaction(desk, service), documentType="PAN")
    assert by_document(desk, body) == (400, {"documentType": "Invalid Document Type"})
    assert "DRIVING_LICENCE" in service.refusals[-1].reason


def test_an_unknown_licence_is_refused(desk, service):
    body = document(service.licences[0], verified_transaction(desk, service), documentId="BR5720100099999")
    status, answer = by_document(desk, body)
    assert status == 422
    assert answer["code"] == "HIS-422" and "Document details do not match" in answer["details"][0]["message"]
    assert "none of the simulated driving licences" in service.refusals[-1].reason


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("firstName", "Someone"),
        ("lastName", "Else"),
        ("middleName", "Other"),
        ("dob", "1990-01-01"),
        ("gender", "O"),
    ],
)
def test_details_that_differ_from_the_licence_are_refused(desk, service, field, value):
    licence = service.licences[0]
    body = document(licence, verified_transaction(desk, service), **{field: value})
    status, answer = by_document(desk, body)
    assert (status, answer["code"], answer["message"]) == (
        422,
        "HIS-422",
        "Unable to process the current request due to incorrect data entered.",
    )
    reason = service.refusals[-1].reason
    assert reason.startswith(f"{field} ") and licence.document_id in reason
    assert not [a for a in service.accounts.values() if a.licence is not None]


def test_a_missing_last_name_differs_from_the_licence(desk, service):
    body = document(service.licences[0], verified_transaction(desk, service), lastName=None)
    assert by_document(desk, body)[0] == 422
    assert service.refusals[-1].reason.startswith("lastName ")


@pytest.mark.parametrize("field", ["frontSidePhoto", "backSidePhoto"])
@pytest.mark.parametrize(
    ("value", "why"),
    [
        (None, "missing"),
        ("", "missing"),
        ("not base64!", "not base64"),
        (base64.b64encode(b"GIF89a\x01\x00\x01\x00").decode(), "not of a JPEG or PNG"),
        (f"data:image/png;base64,{PNG}", "data: URI"),
    ],
)
def test_a_photo_must_be_a_base64_jpeg_or_png(desk, service, field, value, why):
    body = document(service.licences[0], verified_transaction(desk, service), **{field: value})
    status, answer = by_document(desk, body)
    assert status == 400 and list(answer) == [field]
    assert service.refusals[-1].field == field and why in service.refusals[-1].reason


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("dob", "19-12-2000"),
        ("dob", "2000-02-30"),
        ("gender", "male"),
        ("pinCode", "12345"),
        ("pinCode", "012345"),
        ("address", ""),
        ("state", None),
        ("documentId", ""),
    ],
)
def test_malformed_fields_are_refused_by_name(desk, service, field, value):
    body = document(service.licences[0], verified_transaction(desk, service), **{field: value})
    status, answer = by_document(desk, body)
    assert status == 400 and list(answer) == [field]


@pytest.mark.parametrize(
    "consent",
    [{"code": "abha-enrollment", "version": "1.0"}, {"code": "abha-enrolment", "version": "1.4"}, None],
)
def test_only_consent_abha_enrollment_1_4_is_accepted(desk, service, consent):
    body = document(service.licences[0], verified_transaction(desk, service), consent=consent)
    assert by_document(desk, body) == (400, {"consent": "Invalid consent"})


def test_the_body_the_service_accepts_fits_the_schema(desk, service):
    schema = json.loads((Path(__file__).resolve().parents[2] / SCHEMA).read_text(encoding="utf-8"))
    body = document(service.licences[1], verified_transaction(desk, service))
    assert list(Draft202012Validator(schema).iter_errors(body)) == []
    assert by_document(desk, body)[0] == 200


def test_a_dl_otp_without_the_dl_flow_scope_is_refused(desk, service):
    body = {"txnId": "", "scope": DL_SCOPE[:2], "loginHint": "mobile", "loginId": desk.enc(MOBILE), "otpSystem": "abdm"}
    assert desk.call("POST", "/v3/enrollment/request/otp", body) == (400, {"txnId": "Invalid Transaction Id"})
    assert "scope dl-flow" in service.refusals[-1].reason
    assert service.otps == []


def test_three_wrong_otps_or_ten_minutes_end_the_transaction(desk, service):
    txn_id = dl_otp(desk, MOBILE)[1]["txnId"]
    otp = service.latest_otp(MOBILE)
    wrong = f"{(int(otp) + 1) % 10**6:06d}"
    for _ in range(3):
        assert verify(desk, txn_id, wrong)[1]["code"] == "ABDM-1204"
    assert verify(desk, txn_id, otp)[1]["code"] == "ABDM-1100"

    txn_id = verified_transaction(desk, service)
    opened = service.ledger.transactions[txn_id].expires_at - timedelta(minutes=10)
    service.ledger.clock = lambda: opened + timedelta(minutes=10, seconds=1)
    status, answer = by_document(desk, document(service.licences[0], txn_id))
    assert (status, answer["code"]) == (422, "ABDM-1017") and "expired" in service.refusals[-1].reason
