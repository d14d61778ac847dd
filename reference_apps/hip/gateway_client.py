"""Calls from the HIP to the gateway: the callbacks, its own messages, and the defects that
get a call's id, timestamp or token wrong.

The session, token and id headers are the same as any app's (common/gateway.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from reference_apps.common.defects import Defects
from reference_apps.common.gateway import GatewayClient as CommonGatewayClient
from reference_apps.common.gateway import GatewaySession
from reference_apps.hip.settings import Settings
from reference_apps.hip.versions import ApiVersion

IST = timezone(timedelta(hours=5, minutes=30))
REUSED_REQUEST_ID = "7d0b2c9e-6a43-4f0e-9b1a-5c3e8f2d4a61"  # only for the reuses_request_id defect


class GatewayClient(CommonGatewayClient):
    def __init__(self, settings: Settings, defects: Defects):
        super().__init__(settings, {"X-HIP-ID": settings.hip_id})
        self._defects = defects
        self._first_request_id: str | None = None  # only for the request_id_in_capitals defect

    async def send_callback(self, version: ApiVersion, path: str, body: dict[str, Any], *, answering: str) -> None:
        """POST a callback body, naming the id of the request it answers."""
        if self._defects.enabled("wrong_request_id"):
            answering = str(uuid.uuid4())
        await super().send_callback(version, path, body, answering=answering)

    async def send_sms_notify(self, version: ApiVersion, phone_no: str) -> str:
        """Ask the consent manager to text the patient a deep link to this HIP (notify2); returns the request id."""
        body = version.sms_notification(phone_no, self._settings.hip_id, self._settings.hip_name)
        return await self.send(version, version.sms_notify_path, body)

    async def send_raw(self, version: ApiVersion, path: str, content: str, content_type: str) -> None:
        """POST content exactly as given, with the usual headers; the garbage_callback defect's way out."""
        await self.post(version, path, content, content_type, self.new_request_id(), self.timestamp(), {})

    async def bearer_token(self, session: GatewaySession, extra_headers: Mapping[str, str]) -> str:
        if self._defects.enabled("presents_refresh_token"):
            return await session.refresh_token()
        if self._defects.enabled("presents_link_token") and "X-LINK-TOKEN" in extra_headers:
            return extra_headers["X-LINK-TOKEN"]
        return await super().bearer_token(session, extra_headers)

    def new_request_id(self) -> str:
        if self._defects.enabled("reuses_request_id"):
            return REUSED_REQUEST_ID
        if self._defects.enabled("request_id_in_capitals"):
            if self._first_request_id is not None:
                return self._first_request_id.upper()
            self._first_request_id = super().new_request_id()
            return self._first_request_id
        return super().new_request_id()

    def timestamp(self) -> str:
        if self._defects.enabled("ist_timestamp"):
            return datetime.now(IST).isoformat(timespec="milliseconds")
        return super().timestamp()
