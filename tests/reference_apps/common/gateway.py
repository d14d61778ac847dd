"""The gateway's side in the reference apps' own tests: its key and the tokens it signs, its
sessions and keys for both API versions, and bridge requests as it sends them.

The apps' tests do not use the harness's simulator (so a mistake in one cannot hide in the
other): this is a throwaway key, and respx answering for the gateway.
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import datetime, timezone

import httpx
import jwt
import respx
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.reference_apps.common.apps import asgi

V3_GATEWAY = "http://127.0.0.1:8070/api/hiecm"  # the bundled settings files' gateway
V05_GATEWAY = "http://127.0.0.1:8070/gateway"
GATEWAY = V3_GATEWAY.removesuffix("/api/hiecm")  # the gateway host, for every call an app makes to it
KEY_ID = "gateway-key-1"
GATEWAY_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
SESSION = {
    "accessToken": "session-token",
    "expiresIn": 1200,
    "refreshExpiresIn": 1800,
    "refreshToken": "refresh-token",
    "tokenType": "bearer",
}


def signed_token(key: rsa.RSAPrivateKey = GATEWAY_KEY, roles: tuple[str, ...] = ("gateway",)) -> str:
    """A bearer token as the gateway signs it for bridge calls."""
    now = int(time.time())
    claims = {"iat": now, "exp": now + 600, "clientId": "gateway", "realm_access": {"roles": list(roles)}}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})


def answer_sessions_and_keys(router: respx.MockRouter) -> None:
    """Have the router answer session requests, and the OpenID configuration and JWKS that publish
    GATEWAY_KEY, in both API versions."""
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(GATEWAY_KEY.public_key(), as_dict=True)
    jwks = {"keys": [{**jwk, "kid": KEY_ID, "use": "sig", "alg": "RS256"}]}
    for base, prefix in ((V3_GATEWAY, "/gateway/v3"), (V05_GATEWAY, "/v0.5")):
        router.post(f"{base}{prefix}/sessions").respond(json=SESSION)
        router.get(f"{base}{prefix}/.well-known/openid-configuration").respond(
            json={"jwks_uri": f"{base}{prefix}/certs"}
        )
        router.get(f"{base}{prefix}/certs").respond(json=jwks)


def gateway_path(request: httpx.Request) -> str:
    """Where an app's call went, under its API version's gateway base URL."""
    return request.url.path.removeprefix("/api/hiecm").removeprefix("/gateway")


def utc(moment: datetime | None = None) -> str:
    """The moment (by default now), which must be in UTC, as ABDM writes it: 2024-01-15T10:30:00.123Z."""
    return (moment or datetime.now(timezone.utc)).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def from_gateway(
    app, path: str, body: dict, *, ids_in_body: bool, headers: dict[str, str]
) -> tuple[httpx.Response, str]:
    """POST to an app's bridge as the gateway does, with a fresh request id and timestamp (body fields
    in v0.5, headers in v3) besides the headers given; the response and the request's id."""
    request_id = str(uuid.uuid4())
    headers = {**headers, "Content-Type": "application/json"}
    if ids_in_body:
        body = {"requestId": request_id, "timestamp": utc(), **body}
    else:
        headers |= {"REQUEST-ID": request_id, "TIMESTAMP": utc()}
    return asgi(app, "POST", path, json.dumps(body), headers), request_id
