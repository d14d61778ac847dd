"""Calls from the HIU to the gateway: a session per API version, requests and callbacks.

Every call carries a fresh request id and a UTC timestamp — headers in v3, body fields in
v0.5 — because the gateway refuses a repeated id and a timestamp outside UTC. A request
whose answer comes back as a callback is sent with an id chosen beforehand, so that the
HIU can file what it is waiting for before the answer can arrive.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import httpx

from reference_apps.hip.http_clients import http_client
from reference_apps.hiu.settings import Settings
from reference_apps.hiu.versions import ApiVersion, iso_timestamp

SESSION_RENEWAL_MARGIN_SECONDS = 60  # renew before expiry, so a token never lapses in flight


class GatewayError(Exception):
    """The gateway refused a call, or answered a session request with something unusable."""


@dataclass(frozen=True)
class _Session:
    access_token: str
    renew_at: float  # time.monotonic()


def new_request_id() -> str:
    return str(uuid.uuid4())


class GatewayClient:
    def __init__(self, settings: Settings):
        self._settings = settings
        self._sessions: dict[str, _Session] = {}  # by API version

    async def send(self, version: ApiVersion, path: str, body: dict[str, Any], request_id: str | None = None) -> str:
        """POST a request of the HIU's own; returns the request id it went with (fresh unless given)."""
        request_id, timestamp = request_id or new_request_id(), iso_timestamp(datetime.now(timezone.utc))
        headers = {
            "Authorization": f"Bearer {await self._access_token(version)}",
            "X-CM-ID": self._settings.cm_id,
            "X-HIU-ID": self._settings.hiu_id,
            "Content-Type": "application/json",
        }
        if version.ids_in_body:
            body = {"requestId": request_id, "timestamp": timestamp, **body}
        else:
            headers |= {"REQUEST-ID": request_id, "TIMESTAMP": timestamp}
        url = version.gateway_base(self._settings) + path
        async with self._http() as http:
            response = await http.post(url, content=json.dumps(body), headers=headers)
        if response.status_code == 401:  # the gateway no longer honours the session: open a new one next time
            self._sessions.pop(version.name, None)
        if response.is_error:
            raise GatewayError(f"POST {url} answered {response.status_code}: {response.text[:500]}")
        return request_id

    async def send_callback(self, version: ApiVersion, path: str, body: dict[str, Any], *, answering: str) -> None:
        """POST an answer to a request from the gateway, naming that request's id."""
        await self.send(version, path, {**body, version.correlation_key: {"requestId": answering}})

    async def _access_token(self, version: ApiVersion) -> str:
        session = self._sessions.get(version.name)
        if session is None or time.monotonic() >= session.renew_at:
            session = self._sessions[version.name] = await self._open_session(version)
        return session.access_token

    async def _open_session(self, version: ApiVersion) -> _Session:
        url = version.gateway_base(self._settings) + version.session_path
        body = {
            "clientId": self._settings.client_id,
            "clientSecret": self._settings.client_secret,
            "grantType": "client_credentials",
        }
        headers: dict[str, str] = {}
        if not version.ids_in_body:  # a v3 session request carries the headers of every v3 call but the token
            headers = {
                "REQUEST-ID": new_request_id(),
                "TIMESTAMP": iso_timestamp(datetime.now(timezone.utc)),
                "X-CM-ID": self._settings.cm_id,
            }
        async with self._http() as http:
            response = await http.post(url, json=body, headers=headers)
        if response.status_code != 200:
            raise GatewayError(f"POST {url} answered {response.status_code}: {response.text[:500]}")
        try:
            session = response.json()
            access_token, expires_in = session["accessToken"], float(session["expiresIn"])  # seconds
        except (ValueError, KeyError, TypeError) as error:
            raise GatewayError(f"POST {url} answered an unusable session: {error!r}") from None
        return _Session(access_token, time.monotonic() + expires_in - SESSION_RENEWAL_MARGIN_SECONDS)

    def _http(self) -> httpx.AsyncClient:
        return http_client(self._settings.http_timeout_seconds)
