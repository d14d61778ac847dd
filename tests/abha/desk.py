"""The registration desk's side of the ABHA service, for the tests: headers, encryption, JSON."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime, timezone
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from mocks.abha import AbhaService
from mocks.abha.identities import Identity

SESSION = "gateway-session-token"
CERTIFICATE = "/v3/profile/public/certificate"
OAEP_SHA1 = padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None)
CONSENT = {"code": "abha-enrollment", "version": "1.4"}


def fresh_headers(**extra: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {SESSION}",
        "REQUEST-ID": str(uuid.uuid4()),
        "TIMESTAMP": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        **extra,
    }


class Desk:
    def __init__(self, service: AbhaService):
        self.service = service
        status, certificate = self.call("GET", CERTIFICATE)
        assert status == 200, certificate
        key = serialization.load_der_public_key(base64.b64decode(certificate["publicKey"]))
        assert isinstance(key, rsa.RSAPublicKey)
        self.public_key = key

    def call(
        self, method: str, path: str, body: dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        raw = b"" if body is None else json.dumps(body).encode()
        answer = self.service.handle(method, path, headers if headers is not None else fresh_headers(), raw)
        if answer.content_type == "application/json":
            return answer.status, json.loads(answer.body)
        return answer.status, answer.body

    def enc(self, value: str, scheme: padding.AsymmetricPadding = OAEP_SHA1) -> str:
        return base64.b64encode(self.public_key.encrypt(value.encode(), scheme)).decode()

    # ---- enrolment ----

    def aadhaar_otp(self, aadhaar: str, login_id: str | None = None) -> tuple[int, Any]:
        body = {
            "txnId": "",
            "scope": ["abha-enrol"],
            "loginHint": "aadhaar",
            "loginId": self.enc(aadhaar) if login_id is None else login_id,
            "otpSystem": "aadhaar",
        }
        return self.call("POST", "/v3/enrollment/request/otp", body)

    def start_enrolment(self, identity: Identity) -> str:
        status, answer = self.aadhaar_otp(identity.aadhaar)
        assert status == 200, answer
        return answer["txnId"]

    def by_aadhaar(
        self, txn_id: str, otp: str, mobile: str, consent: dict[str, str] = CONSENT, otp_value: str | None = None
    ) -> tuple[int, Any]:
        otp_data = {"txnId": txn_id, "otpValue": otp_value or self.enc(otp), "mobile": mobile}
        body = {"authData": {"authMethods": ["otp"], "otp": otp_data}, "consent": consent}
        return self.call("POST", "/v3/enrollment/enrol/byAadhaar", body)

    def mobile_otp(self, txn_id: str, mobile: str) -> tuple[int, Any]:
        body = {
            "txnId": txn_id,
            "scope": ["abha-enrol", "mobile-verify"],
            "loginHint": "mobile",
            "loginId": self.enc(mobile),
            "otpSystem": "abdm",
        }
        return self.call("POST", "/v3/enrollment/request/otp", body)

    def by_abdm(self, txn_id: str, otp: str) -> tuple[int, Any]:
        body = {
            "scope": ["abha-enrol", "mobile-verify"],
            "authData": {"authMethods": ["otp"], "otp": {"txnId": txn_id, "otpValue": self.enc(otp)}},
        }
        return self.call("POST", "/v3/enrollment/auth/byAbdm", body)

    def suggestions(self, txn_id: str) -> tuple[int, Any]:
        return self.call("GET", "/v3/enrollment/enrol/suggestion", headers=fresh_headers(TRANSACTION_ID=txn_id))

    def create_address(self, txn_id: str, address: str) -> tuple[int, Any]:
        body = {"txnId": txn_id, "abhaAddress": address, "preferred": 1}
        return self.call("POST", "/v3/enrollment/enrol/abha-address", body)

    # ---- login ----

    def login_otp(self, scope: list[str], hint: str, login_id: str, otp_system: str) -> tuple[int, Any]:
        body = {"scope": scope, "loginHint": hint, "loginId": self.enc(login_id), "otpSystem": otp_system}
        return self.call("POST", "/v3/profile/login/request/otp", body)

    def login_verify(self, scope: list[str], txn_id: str, otp: str) -> tuple[int, Any]:
        body = {
            "scope": scope,
            "authData": {"authMethods": ["otp"], "otp": {"txnId": txn_id, "otpValue": self.enc(otp)}},
        }
        return self.call("POST", "/v3/profile/login/verify", body)

    def profile(self, path: str, x_token: str | None) -> tuple[int, Any]:
        extra = {} if x_token is None else {"X-token": x_token}
        return self.call("GET", path, headers=fresh_headers(**extra))
