"""The ABHA v3 request-body schemas are NHA's: every M1 page of the path (v3 and its v3.1 variant) and the
enrolment OpenAPI file, each a copy a body may follow. NHA's examples, generated bodies and mutations are
held to them in test_message_schemas.py with every other schema; here what is particular to ABHA."""

from __future__ import annotations

import pytest

from abdm_conformance.schemas import ABHA, abha_message, check_message, message_names, validate_message
from tests.schemas import nha_examples as nha

TXN_ID = "b7ffebe2-8be8-433a-b447-62eecc45e397"
ENCRYPTED = "T2b1Ykz0Zk1Wk8dmGZ1p4rlrZbsNV7cJ0Qz6A5Z2QnM="  # stands for RSA ciphertext: NHA states no format


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/v3/profile/login/verify", "profile-login-verify"),
        ("/v3/enrollment/enrol/abha-address", "enrollment-enrol-abha-address"),
        ("/v3/phr/web/login/abha/request/otp", "phr-web-login-abha-request-otp"),
    ],
)
def test_a_schema_is_named_after_its_path(path: str, name: str):
    assert abha_message(path) == name and name in message_names(ABHA)


@pytest.mark.parametrize("name", message_names(ABHA))
def test_every_schema_follows_nhas_m1_pages_of_its_path(name: str):
    copies = nha.copies(ABHA, name)
    pages = [c.source for c in copies if "ABDM v3 API page" in c.source]
    assert pages and all("/m1/" in page for page in pages)
    assert all(f"/{name.replace('-', '/')}".lower() in c.source.lower().replace("-", "/") for c in copies)


def test_the_v31_login_page_is_a_documented_form_of_the_login_verification():
    assert any("POST /v3.1/profile/login/verify" in c.source for c in nha.copies(ABHA, "profile-login-verify"))


def test_an_aadhaar_otp_enrolment_request_as_nha_documents_it_is_accepted_without_warning():
    body = {"txnId": "", "scope": ["abha-enrol"], "loginHint": "aadhaar", "loginId": ENCRYPTED, "otpSystem": "aadhaar"}
    check = check_message(ABHA, "enrollment-request-otp", body)
    assert check.failures == [] and check.warnings == [] and "m1-enrolment-request-otp" in check.source


def test_a_login_verification_without_its_auth_data_is_refused_naming_it():
    body = {"scope": ["abha-login", "mobile-verify"]}
    assert "$.authData" in {f.path for f in validate_message(ABHA, "profile-login-verify", body)}


def test_a_login_otp_request_whose_scope_is_not_a_list_is_refused():
    body = {"scope": "abha-login", "loginHint": "mobile", "loginId": ENCRYPTED, "otpSystem": "abdm"}
    findings = validate_message(ABHA, "profile-login-request-otp", body)
    assert [(f.path, f.keyword) for f in findings] == [("$.scope", "type")]
