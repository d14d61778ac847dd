"""A stand-in for the ABDM gateway in the reference HIP's own tests: sessions and keys for both
API versions (common/gateway.py), and a record of what the HIP sends to chosen paths."""

from __future__ import annotations

import json

import httpx
import respx

from tests.reference_apps.common.apps import asgi
from tests.reference_apps.common.gateway import answer_sessions_and_keys, utc

HIP_ID = "REF-HIP-01"  # the bundled hip.toml's


class StandInGateway:
    """Answers sessions and key requests for both versions; records requests to paths matching `recorded`."""

    def __init__(self, recorded: str) -> None:
        self.callbacks: list[httpx.Request] = []
        self.router = respx.MockRouter(assert_all_called=False)
        answer_sessions_and_keys(self.router)
        self.router.post(url__regex=recorded).mock(side_effect=self._record)

    def _record(self, request: httpx.Request) -> httpx.Response:
        self.callbacks.append(request)
        return httpx.Response(202)

    def last_callback(self) -> tuple[httpx.Request, dict]:
        request = self.callbacks[-1]
        return request, json.loads(request.content)


def send(app, path: str, content: str, headers: dict[str, str] | None = None) -> httpx.Response:
    """POST raw content to the HIP's ASGI app, as the gateway (or a test driver client) would."""
    return asgi(app, "POST", path, content, headers)


def get(app, path: str) -> httpx.Response:
    """GET from the HIP's ASGI app, as the harness reads back through its test driver."""
    return asgi(app, "GET", path)


def post(app, path: str, body: dict, *, token: str | None = None, request_id: str | None = None) -> httpx.Response:
    """POST a JSON body to the HIP's bridge with the gateway's headers (v3 ids when request_id is given)."""
    headers = {"X-HIP-ID": HIP_ID, "Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if request_id is not None:  # v3: ids travel in headers
        headers |= {"REQUEST-ID": request_id, "TIMESTAMP": utc()}
    return send(app, path, json.dumps(body), headers)
