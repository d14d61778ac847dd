"""What every call needs: the gateway session's token, REQUEST-ID and TIMESTAMP; and unknown paths."""

from __future__ import annotations

import pytest

from tests.abha.desk import CERTIFICATE, fresh_headers

ACCOUNT = "/v3/profile/account"


def test_the_certificate_needs_no_session(desk):
    headers = fresh_headers()
    del headers["Authorization"]
    status, certificate = desk.call("GET", CERTIFICATE, headers=headers)
    assert status == 200
    assert certificate["encryptionAlgorithm"] == "RSA/ECB/OAEPWithSHA-1AndMGF1Padding"


@pytest.mark.parametrize(
    ("authorization", "code"),
    [(None, "ABDM-2500"), ("Bearer not-a-session", "ABDM-2401"), ("gateway-session-token", "ABDM-2401")],
)
def test_every_other_call_needs_a_gateway_session_token(desk, service, authorization, code):
    headers = fresh_headers(Authorization=authorization or "")
    if authorization is None:
        del headers["Authorization"]
    body = {"scope": ["abha-enrol"], "loginHint": "aadhaar", "loginId": desk.enc(service.identities[0].aadhaar)}
    status, answer = desk.call("POST", "/v3/enrollment/request/otp", {**body, "otpSystem": "aadhaar"}, headers)
    assert status == 401 and answer["code"] == code
    assert service.refusals[-1].field == "Authorization"
    assert service.otps == []


@pytest.mark.parametrize(
    ("header", "value", "code"),
    [
        ("REQUEST-ID", None, "ABDM-1030"),
        ("REQUEST-ID", "request-1", "ABDM-1030"),
        ("TIMESTAMP", None, "ABDM-1016"),
        ("TIMESTAMP", "yesterday", "ABDM-1016"),
        ("TIMESTAMP", "2024-06-01", "ABDM-1016"),
    ],
)
def test_request_id_and_timestamp_are_required(desk, service, header, value, code):
    headers = fresh_headers()
    if value is None:
        del headers[header]
    else:
        headers[header] = value
    status, answer = desk.call("GET", CERTIFICATE, headers=headers)
    assert (status, answer["code"]) == (400, code)
    assert service.refusals[-1].field == header


def test_an_ist_timestamp_is_accepted(desk):
    status, _ = desk.call("GET", CERTIFICATE, headers=fresh_headers(TIMESTAMP="2024-06-01T15:10:00.587+05:30"))
    assert status == 200


def test_header_names_are_case_insensitive(desk):
    headers = {name.lower(): value for name, value in fresh_headers().items()}
    assert desk.call("GET", CERTIFICATE, headers=headers)[0] == 200


@pytest.mark.parametrize(("method", "path"), [("GET", "/v3/enrollment/enrol/card"), ("POST", ACCOUNT)])
def test_an_unknown_api_is_404(desk, service, method, path):
    status, answer = desk.call(method, path, {})
    assert status == 404
    assert answer == {"code": "ABDM-9999", "message": "No such ABHA API"}
    assert path in service.refusals[-1].reason


def test_a_body_that_is_not_json_is_refused(service):
    answer = service.handle("POST", "/v3/enrollment/request/otp", fresh_headers(), b"aadhaar=1234")
    assert answer.status == 400
    assert service.refusals[-1].field == "request"
