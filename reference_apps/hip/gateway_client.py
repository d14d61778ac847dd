"""Calls from the HIP to the gateway: a session per API version, and the callbacks.

Every call carries a fresh request id and a UTC timestamp — headers in v3, body fields
in v0.5 — because the gateway refuses a repeated id and a timestamp outside UTC.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx

from reference_apps.hip.defects import Defects
from reference_apps.hip.http_clients import http_client
from reference_apps.hip.settings import Settings
from reference_apps.hip.versions import ApiVersion, iso_timestamp

SESSION_RENEWAL_MARGIN_SECONDS = 60  # renew before expiry, so a token never lapses in flight
IST = timezone(timedelta(hours=5, minutes=30))
REUSED_REQUEST_ID = "7d0b2c9e-6a43-4f0e-9b1a-5c3e8f2d4a61"  # only for the reuses_request_id defect


class GatewayError(Exception):
    """The gateway refused a call, or answered a session request with something unusable."""


@dataclass(frozen=True)
class _Session:
    access_token: str
    renew_at: float  # time.monotonic()


class GatewayClient:
    def __init__(self, settings: Settings, defects: Defects):
        self._settings = settings
        self._defects = defects
        self._sessions: dict[str, _Session] = {}  # by API version

    async def send_callback(self, version: ApiVersion, path: str, body: dict[str, Any], *, answering: str) -> None:
        """POST a callback body, naming the id of the request it answers."""
        if self._defects.enabled("wrong_request_id"):
            answering = str(uuid.uuid4())
        await self.send(version, path, {**body, version.correlation_key: {"requestId": answering}})

    async def send(
        self,
        version: ApiVersion,
        path: str,
        body: dict[str, Any],
        *,
        request_id: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> str:
        """POST a message of the HIP's own, such as the health-information notify, that answers no request;
        returns the request id it went with. A caller that must be ready for the answer before it can
        arrive takes the id from new_request_id() first; headers are added to the usual ones."""
        request_id, timestamp = request_id or self.new_request_id(), self._timestamp()
        if version.ids_in_body:
            body = {"requestId": request_id, "timestamp": timestamp, **body}
        await self._post(version, path, json.dumps(body), "application/json", request_id, timestamp, headers or {})
        return request_id

    async def send_sms_notify(self, version: ApiVersion, phone_no: str) -> str:
        """Ask the consent manager to text the patient a deep link to this HIP (notify2); returns the request id."""
        body = version.sms_notification(phone_no, self._settings.hip_id, self._settings.hip_name)
        return await self.send(version, version.sms_notify_path, body)

    async def send_raw(self, version: ApiVersion, path: str, content: str, content_type: str) -> None:
        """POST content exactly as given, with the usual headers; the garbage_callback defect's way out."""
        await self._post(version, path, content, content_type, self.new_request_id(), self._timestamp(), {})

    async def _post(
        self,
        version: ApiVersion,
        path: str,
        content: str,
        content_type: str,
        request_id: str,
        timestamp: str,
        extra_headers: Mapping[str, str],
    ) -> None:
        headers = {
            **extra_headers,
            "Authorization": f"Bearer {await self._access_token(version)}",
            "X-CM-ID": self._settings.cm_id,
            "X-HIP-ID": self._settings.hip_id,
            "Content-Type": content_type,
        }
        if not version.ids_in_body:
            headers |= {"REQUEST-ID": request_id, "TIMESTAMP": timestamp}
        url = version.gateway_base(self._settings) + path
        async with self._http() as http:
            response = await http.post(url, content=content, headers=headers)
        if response.status_code == 401:  # the gateway no longer honours the session: open a new one next time
            self._sessions.pop(version.name, None)
        if response.is_error:
            raise GatewayError(f"POST {url} answered {response.status_code}: {response.text[:500]}")

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
                "REQUEST-ID": self.new_request_id(),
                "TIMESTAMP": self._timestamp(),
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

    def new_request_id(self) -> str:
        """A fresh id for a call to the gateway, which refuses one it has seen."""
        if self._defects.enabled("reuses_request_id"):
            return REUSED_REQUEST_ID
        return str(uuid.uuid4())

    def _timestamp(self) -> str:
        zone = IST if self._defects.enabled("ist_timestamp") else timezone.utc
        return iso_timestamp(datetime.now(zone))
