"""Sensitive fields must be RSA-OAEP (SHA-1) under the certificate's key; every other way is
refused as a field error, and the refusal says which mistake it was."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from tests.abha.desk import OAEP_SHA1

OAEP_SHA256 = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def test_the_certificate_is_a_2048_bit_rsa_key(desk):
    assert desk.public_key.key_size == 2048


def test_oaep_sha1_is_accepted(desk, service):
    status, answer = desk.aadhaar_otp(service.identities[0].aadhaar)
    assert status == 200, answer


def wrong_key_ciphertext(value: str) -> str:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    return base64.b64encode(other.encrypt(value.encode(), OAEP_SHA1)).decode()


@pytest.mark.parametrize(
    ("encrypt", "reason"),
    [
        (lambda desk, value: value, "plaintext digits"),
        (lambda desk, value: desk.enc(value, padding.PKCS1v15()), "PKCS#1 v1.5"),
        (lambda desk, value: desk.enc(value, OAEP_SHA256), "OAEP with SHA-256"),
        (lambda desk, value: wrong_key_ciphertext(value), "another key"),
        (lambda desk, value: "not*base64!", "not base64"),
        (lambda desk, value: base64.b64encode(value.encode()).decode(), "decodes to 12 bytes"),
    ],
)
def test_a_login_id_not_encrypted_the_right_way_is_refused_with_its_reason(desk, service, encrypt, reason):
    status, answer = desk.aadhaar_otp("", login_id=encrypt(desk, service.identities[0].aadhaar))
    assert (status, answer) == (400, {"loginId": "Invalid LoginId"})
    refusal = service.refusals[-1]
    assert refusal.field == "loginId" and refusal.status == 400
    assert refusal.reason.startswith("loginId is not RSA-OAEP (SHA-1) encrypted: ")
    assert reason in refusal.reason
    assert service.otps == []


def test_a_plaintext_otp_is_refused(desk, service):
    identity = service.identities[0]
    txn_id = desk.start_enrolment(identity)
    otp = service.latest_otp(identity.aadhaar_mobile)
    status, answer = desk.by_aadhaar(txn_id, otp, identity.aadhaar_mobile, otp_value=otp)
    assert (status, answer) == (400, {"otpValue": "Invalid OTP value"})
    assert "plaintext digits" in service.refusals[-1].reason
    assert not [a for a in service.accounts.values() if a.identity == identity]


def test_a_pkcs1_otp_is_refused(desk, service):
    identity = service.identities[0]
    txn_id = desk.start_enrolment(identity)
    otp = service.latest_otp(identity.aadhaar_mobile)
    pkcs1 = desk.enc(otp, padding.PKCS1v15())
    status, answer = desk.by_aadhaar(txn_id, otp, identity.aadhaar_mobile, otp_value=pkcs1)
    assert (status, answer) == (400, {"otpValue": "Invalid OTP value"})
    assert "PKCS#1 v1.5" in service.refusals[-1].reason
