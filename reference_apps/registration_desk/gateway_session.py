"""The gateway session whose access token authorises every call to the ABHA service.

ABHA v3 takes the gateway's client-credentials token (the client id needs the hid role),
so the desk opens a v3 session as a HIP does (common/gateway.py). A session the gateway
refuses, or that never comes, fails the flow as any refused call does: a ServiceError.
"""

from __future__ import annotations

import httpx

from reference_apps.common import gateway
from reference_apps.common.headers import fresh_headers
from reference_apps.common.versions import V3Conventions
from reference_apps.registration_desk.calls import ServiceError, answer_body
from reference_apps.registration_desk.settings import Settings


class GatewaySession(gateway.GatewaySession):
    def __init__(self, settings: Settings):
        url = settings.gateway_v3_base + V3Conventions.session_path
        # A v3 session request carries the headers of every v3 call but the token.
        super().__init__(url, settings, lambda: {**fresh_headers(), "X-CM-ID": settings.cm_id})

    async def access_token(self) -> str:
        try:
            return await super().access_token()
        except gateway.GatewayError as error:
            raise ServiceError(error.response.status_code, answer_body(error.response)) from None
        except httpx.HTTPError as error:
            raise ServiceError(None, f"POST {self.url} failed: {error!r}") from None
