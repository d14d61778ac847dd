"""The ABHA v3 request-body schemas accept NHA's examples and refuse what the ABHA service would refuse.

The five enrolment paths' examples are transcribed from ../shared/specs/abha-v3/abha_enrollment_api.yml,
placeholders and all (the venv has no YAML parser to read it with). The Postman collections in
../shared/specs/postman-abha-v3 hold no /v3/ request (only ABHA v1/v2 and gateway v0.5 calls), so the login
and ABHA-address-login bodies follow the field lists of ../shared/reference/abdm-api.md §4.2.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from tests.schemas.test_message_schemas import REMOVE
from tests.schemas.test_message_schemas import edited as edited_message

SCHEMA_FOLDER = Path(__file__).resolve().parents[2] / "schemas" / "abha-v3"
SCHEMA_NAMES = [
    "enrollment-auth-byAbdm",
    "enrollment-enrol-abha-address",
    "enrollment-enrol-byAadhaar",
    "enrollment-enrol-byDocument",
    "enrollment-request-otp",
    "phr-web-login-abha-request-otp",
    "phr-web-login-abha-verify",
    "profile-login-request-otp",
    "profile-login-verify",
    "profile-login-verify-user",
]
TXN_ID = "b7ffebe2-8be8-433a-b447-62eecc45e397"  # the yml's own answer
ENCRYPTED = base64.b64encode(bytes(range(256)) * 2).decode()  # as long as RSA-4096 ciphertext
SIMPLE_TIMESTAMP = "2024-01-15 10:30:00"
MOBILE = "9876543210"
PHOTO = "/9j/4AAQSkZJRgABAQAAAQABAAD/2Q=="  # base64 of a (truncated) JPEG: its first bytes, then its end marker
# The yml's examples stand "<...>" placeholders where values go. The schemas check those values' shape (a
# 10-digit mobile, a "YYYY-MM-DD HH:mm:ss" timeStamp), so each placeholder becomes a value of that shape.
PLACEHOLDERS = {
    "<RSA Encrypted aadhaar number>": ENCRYPTED,
    "<RSA Encrypted mobile number>": ENCRYPTED,
    "<RSA Encrypted email id>": ENCRYPTED,
    "<RSA Encrypted otp>": ENCRYPTED,
    "<RSA Encrypted OTP Value>": ENCRYPTED,
    "<RSA encrypted OTP Value>": ENCRYPTED,
    "<previousTxnId>": TXN_ID,
    "<current_simple_timestamp>": SIMPLE_TIMESTAMP,
    "<YYYY-MM-DD HH:mm:ss - current timestamp>": SIMPLE_TIMESTAMP,
    "<10 digit mobile number>": MOBILE,
    "<DL_ID - BR5720100099999>": "BR5720100099999",
    "<base64 photo - jpg|png>": PHOTO,
}


def realistic(value: Any) -> Any:
    """value with every yml placeholder replaced; an unknown placeholder is a KeyError, not a silent pass."""
    if isinstance(value, dict):
        return {key: realistic(item) for key, item in value.items()}
    if isinstance(value, list):
        return [realistic(item) for item in value]
    if isinstance(value, str) and value.startswith("<") and value.endswith(">"):
        return PLACEHOLDERS[value]
    return value


def otp_auth(otp: dict[str, str]) -> dict[str, Any]:
    return {"authMethods": ["otp"], "otp": otp}


YML_OTP = {"timeStamp": "<YYYY-MM-DD HH:mm:ss - current timestamp>", "txnId": "<previousTxnId>"}
YML_VERIFY_OTP = otp_auth({**YML_OTP, "otpValue": "<RSA Encrypted OTP Value>"})
# The yml files this under request/otp, but it is auth/byAbdm's body (and answer): see test below.
YML_MISFILED_MOBILE_VERIFICATION = {
    "scope": ["abha-enrol", "mobile-verify", "dl-flow"],
    "authData": otp_auth(
        {"timeStamp": "<current_simple_timestamp>", "txnId": "<previousTxnId>", "otpValue": "<RSA Encrypted otp>"}
    ),
}
AADHAAR_OTP = {"scope": ["abha-enrol"], "loginHint": "aadhaar", "loginId": ENCRYPTED, "otpSystem": "aadhaar"}
DL_OTP = {
    "scope": ["abha-enrol", "mobile-verify", "dl-flow"],
    "loginHint": "mobile",
    "loginId": "<RSA Encrypted mobile number>",
    "otpSystem": "abdm",
}
EMAIL_OTP = {
    "txnId": "<previousTxnId>",
    "scope": ["abha-enrol", "email-verify"],
    "loginHint": "email",
    "loginId": "<RSA Encrypted email id>",
    "otpSystem": "abdm",
}
BY_AADHAAR = {
    "authData": otp_auth({**YML_OTP, "otpValue": "<RSA encrypted OTP Value>", "mobile": "<10 digit mobile number>"}),
    "consent": {"code": "abha-enrollment", "version": "1.4"},
}
VERIFY_MOBILE = {"scope": ["abha-enrol", "mobile-verify"], "authData": YML_VERIFY_OTP}
BY_DOCUMENT = {
    "txnId": "<previousTxnId>",
    "documentType": "DRIVING_LICENCE",
    "documentId": "<DL_ID - BR5720100099999>",
    "firstName": "abc",
    "middleName": "",
    "lastName": "xyz",
    "dob": "1991-10-22",
    "gender": "M",
    "frontSidePhoto": "<base64 photo - jpg|png>",
    "backSidePhoto": "<base64 photo - jpg|png>",
    "address": "yuiop",
    "state": "bihar",
    "district": "rohtas",
    "pinCode": "875545",
    "consent": {"code": "abha-enrollment", "version": "1.4"},
}
ABHA_ADDRESS = {"txnId": "<previousTxnId>", "abhaAddress": "gaurav_22101991", "preferred": 1}
LOGIN_OTP = {
    "scope": ["abha-login", "aadhaar-verify"],
    "loginHint": "abha-number",
    "loginId": ENCRYPTED,
    "otpSystem": "aadhaar",
}
FIND_ABHA_OTP = {  # §4.2 Find-ABHA: the chosen search result's index, under the search's txnId
    "scope": ["abha-login", "search-abha", "mobile-verify"],
    "loginHint": "index",
    "loginId": ENCRYPTED,
    "otpSystem": "abdm",
    "txnId": TXN_ID,
}
LOGIN_VERIFY = {
    "scope": ["abha-login", "aadhaar-verify"],
    "authData": otp_auth({"txnId": TXN_ID, "otpValue": ENCRYPTED}),
}
VERIFY_USER = {"ABHANumber": "91-5408-0214-0264", "txnId": TXN_ID}
PHR_OTP = {
    "scope": ["abha-address-login", "mobile-verify"],
    "loginHint": "abha-address",
    "loginId": ENCRYPTED,
    "otpSystem": "abdm",
}
PHR_VERIFY = {"scope": PHR_OTP["scope"], "authData": LOGIN_VERIFY["authData"]}

EXAMPLES: list[tuple[str, str, dict[str, Any]]] = [
    ("enrollment-request-otp", "yml: Request OTP Aadhaar based enrollment", AADHAAR_OTP),
    ("enrollment-request-otp", "§4.1: txnId empty on the Aadhaar OTP", {"txnId": "", **AADHAAR_OTP}),
    ("enrollment-request-otp", "yml: Request OTP For DL based enrollment", DL_OTP),
    ("enrollment-request-otp", "yml: Request OTP for email verfication", EMAIL_OTP),
    (
        "enrollment-request-otp",
        "§4.1: communication-mobile OTP",
        {**EMAIL_OTP, "scope": ["abha-enrol", "mobile-verify"], "loginHint": "mobile"},
    ),
    ("enrollment-enrol-byAadhaar", "yml: example", BY_AADHAAR),
    ("enrollment-enrol-byDocument", "yml: example", BY_DOCUMENT),
    (
        "enrollment-enrol-byDocument",
        "§4.1: middleName and lastName optional",
        {key: value for key, value in BY_DOCUMENT.items() if key not in ("middleName", "lastName")},
    ),
    ("enrollment-auth-byAbdm", "yml: Request Verify DL OTP", {**VERIFY_MOBILE, "scope": DL_OTP["scope"]}),
    ("enrollment-auth-byAbdm", "yml: Request Verify Mobile", VERIFY_MOBILE),
    ("enrollment-auth-byAbdm", "yml: Request Verify Email", {**VERIFY_MOBILE, "scope": EMAIL_OTP["scope"]}),
    ("enrollment-enrol-abha-address", "yml: example", ABHA_ADDRESS),
    ("profile-login-request-otp", "§4.2: ABHA number, Aadhaar OTP", LOGIN_OTP),
    (
        "profile-login-request-otp",
        "§4.2: ABHA number, ABHA OTP",
        {**LOGIN_OTP, "scope": ["abha-login", "mobile-verify"], "otpSystem": "abdm"},
    ),
    (
        "profile-login-request-otp",
        "§4.2: by mobile",
        {"scope": ["abha-login", "mobile-verify"], "loginHint": "mobile", "loginId": ENCRYPTED, "otpSystem": "abdm"},
    ),
    ("profile-login-request-otp", "§4.2: by Aadhaar", {**LOGIN_OTP, "loginHint": "aadhaar"}),
    (
        "profile-login-request-otp",
        "§4.2: biometric",
        {**LOGIN_OTP, "scope": ["abha-login", "aadhaar-bio-verify"], "otpSystem": "abdm"},
    ),
    ("profile-login-request-otp", "§4.2: Find-ABHA index", FIND_ABHA_OTP),
    ("profile-login-verify", "§4.2: Aadhaar OTP", LOGIN_VERIFY),
    ("profile-login-verify", "§4.2: mobile OTP", {**LOGIN_VERIFY, "scope": ["abha-login", "mobile-verify"]}),
    ("profile-login-verify-user", "§4.2: hyphenated ABHA number", VERIFY_USER),
    ("profile-login-verify-user", "§4.2: bare ABHA number", {**VERIFY_USER, "ABHANumber": "91540802140264"}),
    ("phr-web-login-abha-request-otp", "§4.2: mobile OTP", PHR_OTP),
    (
        "phr-web-login-abha-request-otp",
        "§4.2: Aadhaar OTP",
        {**PHR_OTP, "scope": ["abha-address-login", "aadhaar-verify"], "otpSystem": "aadhaar"},
    ),
    ("phr-web-login-abha-verify", "§4.2: mobile OTP", PHR_VERIFY),
]


def edited(body: dict[str, Any], dotted_path: str, value: Any) -> dict[str, Any]:
    """A realistic copy of body with the element at dotted_path ("authData.otp.txnId") replaced, or removed."""
    return edited_message(realistic(body), dotted_path, value)


# (schema, broken body, the (JSON path, keyword) of every error it must raise)
BROKEN: list[tuple[str, dict[str, Any], list[tuple[str, str]]]] = [
    ("enrollment-request-otp", edited(AADHAAR_OTP, "otpSystem", "sms"), [("$.otpSystem", "enum")]),
    ("enrollment-request-otp", edited(AADHAAR_OTP, "loginId", REMOVE), [("$", "required")]),
    ("enrollment-request-otp", edited(AADHAAR_OTP, "loginHint", "abha-number"), [("$.loginHint", "enum")]),
    (
        "enrollment-request-otp",
        edited(AADHAAR_OTP, "scope.0", "abha-login"),
        [("$.scope", "contains"), ("$.scope[0]", "enum")],
    ),
    ("enrollment-request-otp", edited(DL_OTP, "scope", ["abha-enrol", "mobile-verify"]), [("$", "required")]),  # txnId
    ("enrollment-request-otp", edited(EMAIL_OTP, "txnId", ""), [("$.txnId", "minLength")]),
    ("enrollment-enrol-byAadhaar", edited(BY_AADHAAR, "consent.version", "1.0"), [("$.consent.version", "const")]),
    ("enrollment-enrol-byAadhaar", edited(BY_AADHAAR, "consent", REMOVE), [("$", "required")]),
    ("enrollment-enrol-byAadhaar", edited(BY_AADHAAR, "authData.otp.mobile", REMOVE), [("$.authData.otp", "required")]),
    (
        "enrollment-enrol-byAadhaar",
        edited(BY_AADHAAR, "authData.otp.mobile", "+919876543210"),
        [("$.authData.otp.mobile", "pattern")],
    ),
    (
        "enrollment-enrol-byAadhaar",
        edited(BY_AADHAAR, "authData.authMethods", ["bio"]),
        [("$.authData.authMethods", "const")],
    ),
    (
        "enrollment-enrol-byAadhaar",
        edited(BY_AADHAAR, "authData.otp.timeStamp", "2024-01-15T10:30:00.123Z"),
        [("$.authData.otp.timeStamp", "pattern")],
    ),
    ("enrollment-enrol-byDocument", edited(BY_DOCUMENT, "documentType", "PAN"), [("$.documentType", "enum")]),
    ("enrollment-enrol-byDocument", edited(BY_DOCUMENT, "backSidePhoto", REMOVE), [("$", "required")]),
    ("enrollment-enrol-byDocument", edited(BY_DOCUMENT, "frontSidePhoto", ""), [("$.frontSidePhoto", "minLength")]),
    ("enrollment-enrol-byDocument", edited(BY_DOCUMENT, "dob", "22-10-1991"), [("$.dob", "pattern")]),
    ("enrollment-enrol-byDocument", edited(BY_DOCUMENT, "pinCode", "87554"), [("$.pinCode", "pattern")]),
    ("enrollment-enrol-byDocument", edited(BY_DOCUMENT, "gender", "Male"), [("$.gender", "enum")]),
    ("enrollment-enrol-byDocument", edited(BY_DOCUMENT, "consent.version", "1.0"), [("$.consent.version", "const")]),
    ("enrollment-auth-byAbdm", edited(VERIFY_MOBILE, "scope", ["abha-enrol"]), [("$.scope", "contains")]),
    (
        "enrollment-auth-byAbdm",
        edited(VERIFY_MOBILE, "scope.1", "aadhaar-verify"),
        [("$.scope", "contains"), ("$.scope[1]", "enum")],
    ),
    (
        "enrollment-auth-byAbdm",
        edited(VERIFY_MOBILE, "authData.otp.otpValue", REMOVE),
        [("$.authData.otp", "required")],
    ),
    ("enrollment-auth-byAbdm", edited(VERIFY_MOBILE, "authData.otp", "123456"), [("$.authData.otp", "type")]),
    ("enrollment-enrol-abha-address", edited(ABHA_ADDRESS, "preferred", REMOVE), [("$", "required")]),
    ("enrollment-enrol-abha-address", edited(ABHA_ADDRESS, "preferred", 2), [("$.preferred", "enum")]),
    (
        "enrollment-enrol-abha-address",
        edited(ABHA_ADDRESS, "abhaAddress", "gaurav.22.10"),
        [("$.abhaAddress", "pattern")],
    ),
    (
        "enrollment-enrol-abha-address",
        edited(ABHA_ADDRESS, "abhaAddress", "gaurav_1991@sbx"),
        [("$.abhaAddress", "pattern")],
    ),
    ("enrollment-enrol-abha-address", edited(ABHA_ADDRESS, "abhaAddress", "ravi"), [("$.abhaAddress", "pattern")]),
    ("profile-login-request-otp", edited(LOGIN_OTP, "otpSystem", "sms"), [("$.otpSystem", "enum")]),
    ("profile-login-request-otp", edited(FIND_ABHA_OTP, "loginHint", "abha-address"), [("$.loginHint", "enum")]),
    ("profile-login-request-otp", edited(FIND_ABHA_OTP, "scope", ["mobile-verify"]), [("$.scope", "contains")]),
    ("profile-login-request-otp", edited(FIND_ABHA_OTP, "txnId", REMOVE), [("$", "required")]),
    ("profile-login-verify", edited(LOGIN_VERIFY, "authData.otp.txnId", REMOVE), [("$.authData.otp", "required")]),
    (
        "profile-login-verify",
        edited(LOGIN_VERIFY, "authData.authMethods", ["password"]),
        [("$.authData.authMethods", "const")],
    ),
    (
        "profile-login-verify",
        edited(LOGIN_VERIFY, "scope.0", "abha-enrol"),
        [("$.scope", "contains"), ("$.scope[0]", "enum")],
    ),
    ("profile-login-verify-user", edited(VERIFY_USER, "ABHANumber", REMOVE), [("$", "required")]),
    ("profile-login-verify-user", edited(VERIFY_USER, "ABHANumber", "9154080214026"), [("$.ABHANumber", "pattern")]),
    ("profile-login-verify-user", edited(VERIFY_USER, "txnId", ""), [("$.txnId", "minLength")]),
    ("phr-web-login-abha-request-otp", edited(PHR_OTP, "loginHint", "abha-number"), [("$.loginHint", "const")]),
    ("phr-web-login-abha-request-otp", edited(PHR_OTP, "otpSystem", "sms"), [("$.otpSystem", "enum")]),
    ("phr-web-login-abha-request-otp", edited(PHR_OTP, "scope", ["abha-address-login"]), [("$.scope", "contains")]),
    ("phr-web-login-abha-request-otp", edited(PHR_OTP, "loginId", REMOVE), [("$", "required")]),
    ("phr-web-login-abha-verify", edited(PHR_VERIFY, "authData", REMOVE), [("$", "required")]),
    ("phr-web-login-abha-verify", edited(PHR_VERIFY, "authData.otp", "123456"), [("$.authData.otp", "type")]),
    (
        "phr-web-login-abha-verify",
        edited(PHR_VERIFY, "scope.0", "abha-login"),
        [("$.scope", "contains"), ("$.scope[0]", "enum")],
    ),
]


def load(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_FOLDER / f"{name}.json").read_text(encoding="utf-8"))


def errors(name: str, body: Any) -> list[tuple[str, str]]:
    validator = Draft202012Validator(load(name), format_checker=FormatChecker())
    return sorted((error.json_path, str(error.validator)) for error in validator.iter_errors(body))


def test_the_folder_holds_one_schema_per_request_body():
    assert sorted(path.stem for path in SCHEMA_FOLDER.glob("*.json")) == SCHEMA_NAMES


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_a_draft_2020_12_schema(name: str):
    schema = load(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:abdm-conformance:schema:abha-v3:{name}"


@pytest.mark.parametrize(("name", "source", "body"), EXAMPLES, ids=[f"{n}: {s}" for n, s, _ in EXAMPLES])
def test_spec_example_is_accepted(name: str, source: str, body: dict[str, Any]):
    assert errors(name, realistic(body)) == []


@pytest.mark.parametrize(("name", "body", "expected"), BROKEN, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(BROKEN)])
def test_broken_body_is_refused_at_the_offending_element(name: str, body: dict[str, Any], expected):
    assert errors(name, body) == expected


def test_the_yml_mobile_verification_example_is_a_byabdm_body_not_an_otp_request():
    body = realistic(YML_MISFILED_MOBILE_VERIFICATION)
    assert errors("enrollment-request-otp", body) == [("$", "required")] * 3  # loginHint, loginId, otpSystem
    assert errors("enrollment-auth-byAbdm", body) == []
