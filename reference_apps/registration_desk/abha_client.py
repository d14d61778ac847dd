"""Calls from the desk to NHA's ABHA v3 service, and the encryption of what they carry.

Every call carries the gateway session's token, a fresh REQUEST-ID and a UTC TIMESTAMP.
Sensitive values (Aadhaar number, ABHA number or mobile used as loginId, every OTP) travel
RSA-encrypted with ABHA's public key, as RSA/ECB/OAEPWithSHA-1AndMGF1Padding in base64:
the cipher ABHA v3 decrypts with (v1/v2 used PKCS#1 v1.5, which v3 refuses).
"""

from __future__ import annotations

import base64
from typing import Any

import httpx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from reference_apps.common.defects import Defects
from reference_apps.common.headers import fresh_headers
from reference_apps.common.http_clients import http_client
from reference_apps.registration_desk.calls import ServiceError, answer_body, field
from reference_apps.registration_desk.gateway_session import GatewaySession
from reference_apps.registration_desk.settings import Settings

CERTIFICATE_PATH = "/v3/profile/public/certificate"
OAEP_SHA1 = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA1()), algorithm=hashes.SHA1(), label=None)


class AbhaClient:
    def __init__(self, settings: Settings, defects: Defects):
        self._settings = settings
        self._defects = defects
        self._session = GatewaySession(settings)
        self._public_key: rsa.RSAPublicKey | None = None  # fetched once per process

    async def post(self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> dict[str, Any]:
        return _json(await self._call("POST", path, headers or {}, body))

    async def request_otp(self, path: str, body: dict[str, Any]) -> str:
        """Have ABHA send an OTP: the txnId to verify it under."""
        return field(await self.post(path, body), "txnId")

    async def get(self, path: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
        return _json(await self._call("GET", path, headers or {}))

    async def get_content(self, path: str, headers: dict[str, str]) -> bytes:
        """An answer that is no JSON, such as the ABHA card's image."""
        return (await self._call("GET", path, headers)).content

    async def encrypt(self, value: str) -> str:
        """base64(RSA(value)) under ABHA's public key."""
        if self._public_key is None:
            self._public_key = await self._fetch_public_key()
        scheme = padding.PKCS1v15() if self._defects.enabled("pkcs1_padding") else OAEP_SHA1
        return base64.b64encode(self._public_key.encrypt(value.encode(), scheme)).decode("ascii")

    async def otp_value(self, otp: str) -> str:
        """An OTP as every verify call carries it."""
        if self._defects.enabled("otp_unencrypted"):
            return otp
        return await self.encrypt(otp)

    async def _fetch_public_key(self) -> rsa.RSAPublicKey:
        certificate = await self.get(CERTIFICATE_PATH)
        try:  # base64 of the DER SubjectPublicKeyInfo
            key = serialization.load_der_public_key(base64.b64decode(field(certificate, "publicKey")))
        except ValueError:
            raise ServiceError(200, certificate) from None
        if not isinstance(key, rsa.RSAPublicKey):
            raise ServiceError(200, certificate)
        return key

    async def _call(
        self, method: str, path: str, headers: dict[str, str], body: dict[str, Any] | None = None
    ) -> httpx.Response:
        url = self._settings.abha_base + path
        headers = {**headers, **fresh_headers(), "Authorization": f"Bearer {await self._session.access_token()}"}
        try:
            async with http_client(self._settings.http_timeout_seconds) as http:
                response = await http.request(method, url, json=body, headers=headers)
        except httpx.HTTPError as error:
            raise ServiceError(None, f"{method} {url} failed: {error!r}") from None
        if response.status_code == 401:  # ABHA no longer honours the session's token
            self._session.forget()
        if not response.is_success:
            raise ServiceError(response.status_code, answer_body(response))
        return response


def _json(response: httpx.Response) -> dict[str, Any]:
    """The answer's JSON object; every JSON answer the desk reads is one."""
    try:
        body = response.json()
    except ValueError:
        raise ServiceError(response.status_code, response.text) from None
    if not isinstance(body, dict):
        raise ServiceError(response.status_code, body)
    return body
