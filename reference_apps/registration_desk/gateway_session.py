"""The gateway session whose access token authorises every call to the ABHA service.

ABHA v3 takes the gateway's client-credentials token (the client id needs the hid role),
so the desk opens a v3 session as a HIP does and renews it before it lapses.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from reference_apps.hip.http_clients import http_client
from reference_apps.registration_desk.calls import ServiceError, answer_body, fresh_headers
from reference_apps.registration_desk.settings import Settings

SESSION_PATH = "/gateway/v3/sessions"
SESSION_RENEWAL_MARGIN_SECONDS = 60  # renew before expiry, so a token never lapses in flight


@dataclass(frozen=True)
class _Session:
    access_token: str
    renew_at: float  # time.monotonic()


class GatewaySession:
    def __init__(self, settings: Settings):
        self._settings = settings
        self._session: _Session | None = None

    async def access_token(self) -> str:
        if self._session is None or time.monotonic() >= self._session.renew_at:
            self._session = await self._open()
        return self._session.access_token

    def forget(self) -> None:
        """A service no longer honours the token: open a new session next time."""
        self._session = None

    async def _open(self) -> _Session:
        url = self._settings.gateway_v3_base + SESSION_PATH
        body = {
            "clientId": self._settings.client_id,
            "clientSecret": self._settings.client_secret,
            "grantType": "client_credentials",
        }
        # A v3 session request carries the headers of every v3 call but the token.
        headers = {**fresh_headers(), "X-CM-ID": self._settings.cm_id}
        try:
            async with http_client(self._settings.http_timeout_seconds) as http:
                response = await http.post(url, json=body, headers=headers)
        except httpx.HTTPError as error:
            raise ServiceError(None, f"POST {url} failed: {error!r}") from None
        if response.status_code != 200:
            raise ServiceError(response.status_code, answer_body(response))
        try:
            session = response.json()
            access_token, expires_in = session["accessToken"], float(session["expiresIn"])  # seconds
        except (ValueError, KeyError, TypeError):
            raise ServiceError(200, answer_body(response)) from None
        return _Session(access_token, time.monotonic() + expires_in - SESSION_RENEWAL_MARGIN_SECONDS)
