"""A stand-in for the ABDM gateway in the reference HIP's own tests.

The reference app's tests do not use the harness's simulator (so a mistake in one cannot
hide in the other): this is a throwaway gateway key, sessions, OpenID configuration and
JWKS for both API versions, and a record of what the HIP sends to chosen paths.
"""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime, timezone

import httpx
import jwt
import respx
from cryptography.hazmat.primitives.asymmetric import rsa

V3_GATEWAY = "http://127.0.0.1:8070/api/hiecm"  # the bundled hip.toml's gateway
V05_GATEWAY = "http://127.0.0.1:8070/gateway"
KEY_ID = "gateway-key-1"
GATEWAY_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def signed_token(key: rsa.RSAPrivateKey = GATEWAY_KEY, roles: tuple[str, ...] = ("gateway",)) -> str:
    """A bearer token as the gateway signs it for bridge calls."""
    now = int(time.time())
    claims = {"iat": now, "exp": now + 600, "clientId": "gateway", "realm_access": {"roles": list(roles)}}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})


class StandInGateway:
    """Answers sessions and key requests for both versions; records requests to paths matching `recorded`."""

    def __init__(self, recorded: str) -> None:
        self.callbacks: list[httpx.Request] = []
        self.router = respx.MockRouter(assert_all_called=False)
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(GATEWAY_KEY.public_key(), as_dict=True)
        jwks = {"keys": [{**jwk, "kid": KEY_ID, "use": "sig", "alg": "RS256"}]}
        session = {
            "accessToken": "session-token",
            "expiresIn": 1200,
            "refreshExpiresIn": 1800,
            "refreshToken": "refresh-token",
            "tokenType": "bearer",
        }
        for base, prefix in ((V3_GATEWAY, "/gateway/v3"), (V05_GATEWAY, "/v0.5")):
            self.router.post(f"{base}{prefix}/sessions").respond(json=session)
            self.router.get(f"{base}{prefix}/.well-known/openid-configuration").respond(
                json={"jwks_uri": f"{base}{prefix}/certs"}
            )
            self.router.get(f"{base}{prefix}/certs").respond(json=jwks)
        self.router.post(url__regex=recorded).mock(side_effect=self._record)

    def _record(self, request: httpx.Request) -> httpx.Response:
        self.callbacks.append(request)
        return httpx.Response(202)

    def last_callback(self) -> tuple[httpx.Request, dict]:
        request = self.callbacks[-1]
        return request, json.loads(request.content)


HIP_ID = "REF-HIP-01"  # the bundled hip.toml's


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def send(app, path: str, content: str, headers: dict[str, str] | None = None) -> httpx.Response:
    """POST raw content to the HIP's ASGI app, as the gateway (or a test driver client) would."""

    async def call() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hip.test") as client:
            return await client.post(path, content=content, headers=headers)

    return asyncio.run(call())


def get(app, path: str) -> httpx.Response:
    """GET from the HIP's ASGI app, as the harness reads back through its test driver."""

    async def call() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hip.test") as client:
            return await client.get(path)

    return asyncio.run(call())


def post(app, path: str, body: dict, *, token: str | None = None, request_id: str | None = None) -> httpx.Response:
    """POST a JSON body to the HIP's bridge with the gateway's headers (v3 ids when request_id is given)."""
    headers = {"X-HIP-ID": HIP_ID, "Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if request_id is not None:  # v3: ids travel in headers
        headers |= {"REQUEST-ID": request_id, "TIMESTAMP": utc_now()}
    return send(app, path, json.dumps(body), headers)
