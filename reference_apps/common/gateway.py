"""Calls from an app to the gateway: a client-credentials session per API version, and POSTs
carrying its token.

Every call carries a fresh request id and a UTC timestamp — headers in v3, body fields in
v0.5 — because the gateway refuses a repeated id and a timestamp outside UTC. A request
whose answer comes back as a callback may be sent with an id chosen beforehand, so that the
app can file what it is waiting for before the answer can arrive.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from reference_apps.common.headers import iso_timestamp, new_request_id
from reference_apps.common.http_clients import http_client
from reference_apps.common.settings import ClientSettings, GatewaySettings
from reference_apps.common.versions import VersionConventions

SESSION_RENEWAL_MARGIN_SECONDS = 60  # renew before expiry, so a token never lapses in flight


class GatewayError(Exception):
    """The gateway refused a call, or answered a session request with something unusable."""

    def __init__(self, message: str, response: httpx.Response):
        super().__init__(message)
        self.response = response  # as it came, for a caller that shows it

    @classmethod
    def refused(cls, url: str, response: httpx.Response) -> GatewayError:
        return cls(f"POST {url} answered {response.status_code}: {response.text[:500]}", response)


@dataclass(frozen=True)
class _Token:
    access_token: str
    refresh_token: str
    renew_at: float  # time.monotonic()


class GatewaySession:
    """One session with the gateway: opened when its token is first needed, renewed before it lapses."""

    def __init__(self, url: str, settings: ClientSettings, headers: Callable[[], Mapping[str, str]]):
        self.url = url  # the gateway's sessions endpoint
        self._settings = settings
        self._headers = headers  # for each session request: the version's headers but the token
        self._token: _Token | None = None

    async def access_token(self) -> str:
        return (await self._current()).access_token

    async def refresh_token(self) -> str:
        """Good only for renewing the session: the gateway refuses it on any other call."""
        return (await self._current()).refresh_token

    async def _current(self) -> _Token:
        if self._token is None or time.monotonic() >= self._token.renew_at:
            self._token = await self._open()
        return self._token

    def forget(self) -> None:
        """The gateway no longer honours the token: open a new session next time."""
        self._token = None

    async def _open(self) -> _Token:
        body = {
            "clientId": self._settings.client_id,
            "clientSecret": self._settings.client_secret,
            "grantType": "client_credentials",
        }
        async with http_client(self._settings.http_timeout_seconds) as http:
            response = await http.post(self.url, json=body, headers=self._headers())
        if response.status_code != 200:
            raise GatewayError.refused(self.url, response)
        try:
            session = response.json()
            access_token, expires_in = session["accessToken"], float(session["expiresIn"])  # seconds
            refresh_token = str(session.get("refreshToken", ""))
        except (ValueError, KeyError, TypeError) as error:
            raise GatewayError(f"POST {self.url} answered an unusable session: {error!r}", response) from None
        return _Token(access_token, refresh_token, time.monotonic() + expires_in - SESSION_RENEWAL_MARGIN_SECONDS)


class GatewayClient:
    """POSTs to the gateway in either API version, as the app named by own_id (its X-HIP-ID or X-HIU-ID)."""

    def __init__(self, settings: GatewaySettings, own_id: Mapping[str, str]):
        self._settings = settings
        self._own_id = own_id
        self._sessions: dict[str, GatewaySession] = {}  # by API version

    async def send(
        self,
        version: VersionConventions,
        path: str,
        body: dict[str, Any],
        *,
        request_id: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> str:
        """POST a message of the app's own; returns the request id it went with (fresh unless given).
        Headers are added to the usual ones."""
        request_id, timestamp = request_id or self.new_request_id(), self.timestamp()
        if version.ids_in_body:
            body = {"requestId": request_id, "timestamp": timestamp, **body}
        await self.post(version, path, json.dumps(body), "application/json", request_id, timestamp, headers or {})
        return request_id

    async def send_callback(
        self, version: VersionConventions, path: str, body: dict[str, Any], *, answering: str
    ) -> None:
        """POST an answer to a request from the gateway, naming that request's id."""
        await self.send(version, path, {**body, version.correlation_key: {"requestId": answering}})

    async def post(
        self,
        version: VersionConventions,
        path: str,
        content: str,
        content_type: str,
        request_id: str,
        timestamp: str,
        extra_headers: Mapping[str, str],
    ) -> None:
        """POST content exactly as given, with the session's token and, in v3, the id and timestamp headers."""
        session = self._session(version)
        headers = {
            **extra_headers,
            "Authorization": f"Bearer {await self.bearer_token(session, extra_headers)}",
            "X-CM-ID": self._settings.cm_id,
            **self._own_id,
            "Content-Type": content_type,
        }
        if not version.ids_in_body:
            headers |= {"REQUEST-ID": request_id, "TIMESTAMP": timestamp}
        url = version.gateway_base(self._settings) + path
        async with http_client(self._settings.http_timeout_seconds) as http:
            response = await http.post(url, content=content, headers=headers)
        if response.status_code == 401:
            session.forget()
        if response.is_error:
            raise GatewayError.refused(url, response)

    async def bearer_token(self, session: GatewaySession, extra_headers: Mapping[str, str]) -> str:
        """What a call presents in Authorization: the session's access token, the only kind the gateway takes there."""
        return await session.access_token()

    def new_request_id(self) -> str:
        """A fresh id for a call to the gateway, which refuses one it has seen."""
        return new_request_id()

    def timestamp(self) -> str:
        return iso_timestamp()

    def _session(self, version: VersionConventions) -> GatewaySession:
        if version.name not in self._sessions:
            url = version.gateway_base(self._settings) + version.session_path
            self._sessions[version.name] = GatewaySession(url, self._settings, lambda: self._session_headers(version))
        return self._sessions[version.name]

    def _session_headers(self, version: VersionConventions) -> dict[str, str]:
        if version.ids_in_body:
            return {}
        # A v3 session request carries the headers of every v3 call but the token.
        return {"REQUEST-ID": self.new_request_id(), "TIMESTAMP": self.timestamp(), "X-CM-ID": self._settings.cm_id}
