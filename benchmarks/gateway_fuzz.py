"""Bounded fuzzing of the simulated gateway as an app reaches it: random bodies, headers and tokens.

Serves the simulator over loopback HTTP on a free port (as mocks/gateway/host.py does), with every bridge it
would call back pointed at a closed loopback port, and sends --requests requests (default 2,000) to its
app-facing endpoints: sessions, every gateway API of both versions, the ABHA service and the data push. Bodies
are random JSON built from ABDM's field names, a well-formed request with one part replaced by something random,
10,000-level nesting, non-JSON and broken UTF-8; headers carry
random REQUEST-IDs (fresh, replayed in another spelling, malformed), timestamps and tokens of every kind.

Prints answers by status and what must stay at zero: 5xx answers, tracebacks the simulator logged, 4xx answers
not in ABDM's error shape, wrong-kind tokens accepted, replayed REQUEST-IDs accepted. Exit code 1 when one is not.

    .venv/bin/python benchmarks/gateway_fuzz.py [--requests 2000] [--seed 13]
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import logging
import random
import socket
import sys
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from abdm_conformance import protocol  # noqa: E402
from abdm_conformance.config import Target, load_target  # noqa: E402
from mocks.abha.service import BASE_PATH as ABHA_BASE_PATH  # noqa: E402
from mocks.abha.service import CERTIFICATE  # noqa: E402
from mocks.gateway.host import SimulatorHost  # noqa: E402

ABHA_PATHS = (
    "/v3/enrollment/request/otp",
    "/v3/enrollment/enrol/byAadhaar",
    "/v3/enrollment/enrol/byDocument",
    "/v3/profile/login/request/otp",
    "/v3/profile/login/verify",
    "/v3/phr/web/login/abha/search",
    "/v3/profile/account",
    CERTIFICATE,
)
FIELD_NAMES = (
    "clientId", "clientSecret", "grantType", "requestId", "timestamp", "transactionId", "abhaAddress",
    "abhaNumber", "name", "gender", "yearOfBirth", "patient", "careContexts", "referenceNumber", "display",
    "count", "consent", "hiTypes", "permission", "dateRange", "from", "to", "dataEraseAt", "hiu", "id",
    "query", "requester", "type", "authMode", "purpose", "link", "accessToken", "credential", "authCode",
    "response", "resp", "error", "code", "message", "notification", "notifier", "hiRequest", "keyMaterial",
    "entries", "pageCount", "pageNumber", "txnId", "scope", "loginHint", "loginId", "otpSystem", "authData",
)  # fmt: skip
DEEP = 10_000
# Tokens an app must not present where the gateway asks for its session's access token.
WRONG_KINDS = ("refresh", "link", "gateway", "forged", "garbage")


@dataclasses.dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    api_version: str
    guarded: bool  # only a session's access token opens it
    gateway_rules: bool  # REQUEST-ID, TIMESTAMP and X-CM-ID are checked (the ABHA service checks its own)
    message: str = ""  # the gateway's name for it, where a well-formed body of it is known (SEEDS)


@dataclasses.dataclass
class Tally:
    statuses: collections.Counter[int] = dataclasses.field(default_factory=collections.Counter)
    server_errors: list[str] = dataclasses.field(default_factory=list)
    unshaped: list[str] = dataclasses.field(default_factory=list)
    wrong_kind_sent: int = 0  # to an endpoint only an access token opens
    wrong_kind_accepted: list[str] = dataclasses.field(default_factory=list)
    replays_sent: int = 0  # with an access token, to an endpoint that checks REQUEST-ID
    replays_accepted: list[str] = dataclasses.field(default_factory=list)
    accepted_ids: list[str] = dataclasses.field(default_factory=list)


class TracebackCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += record.exc_info is not None or "Traceback" in record.getMessage()


def main() -> int:
    options = parse_args()
    rng = random.Random(options.seed)
    target = fuzz_target(load_target())
    tracebacks = TracebackCounter()
    host = SimulatorHost(target).start()
    for name in ("", "uvicorn", "uvicorn.error", "asyncio"):
        logging.getLogger(name).addHandler(tracebacks)
    tally = Tally()
    started = time.monotonic()
    try:
        with httpx.Client(base_url=target.gateway_url, timeout=30) as http:
            tokens = token_pool(host, http, target)
            endpoints, seeds = app_facing_endpoints(), seed_bodies(target)
            for _ in range(options.requests):
                send_one(http, rng, rng.choice(endpoints), tokens, target, seeds, tally)
    finally:
        host.stop()
    report(tally, tracebacks.count, options.requests, time.monotonic() - started)
    failures = (tally.server_errors, tally.unshaped, tally.wrong_kind_accepted, tally.replays_accepted)
    return 1 if tracebacks.count or any(failures) else 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=13)
    return parser.parse_args()


def fuzz_target(target: Target) -> Target:
    """The bundled target served over HTTP on a free port, every bridge at a closed one: loopback only."""
    closed = f"http://127.0.0.1:{free_port()}"
    hiu = dataclasses.replace(target.hiu, bridge_url=closed) if target.hiu else None
    return dataclasses.replace(
        target, transport="http", listen_host="127.0.0.1", listen_port=free_port(), bridge_url=closed, hiu=hiu
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def app_facing_endpoints() -> list[Endpoint]:
    endpoints = [Endpoint("POST", protocol.DATA_PUSH_PATH, "v3", guarded=False, gateway_rules=False)]
    for api in protocol.APIS.values():
        for message, path in api.gateway_paths.items():
            open_to_all = message in ("session", "certs", "openid-configuration")
            method = "GET" if message in ("certs", "openid-configuration") else "POST"
            rules = message != "session" or api.version == "v3"
            path = api.gateway_prefix + path
            endpoints.append(Endpoint(method, path, api.version, not open_to_all, rules, message))
    for path in ABHA_PATHS:
        method = "GET" if path in (CERTIFICATE, "/v3/profile/account") else "POST"
        endpoints.append(Endpoint(method, ABHA_BASE_PATH + path, "v3", path != CERTIFICATE, gateway_rules=False))
    return endpoints


def token_pool(host: SimulatorHost, http: httpx.Client, target: Target) -> dict[str, str | None]:
    """One token of every kind: the session's two, a link token, the gateway's own, a forged and a made-up one."""
    client = target.clients[0]
    credentials = {
        "clientId": client.client_id,
        "clientSecret": client.client_secret,
        "grantType": "client_credentials",
    }
    session = http.post(
        protocol.V3.gateway_prefix + protocol.V3.gateway_paths["session"],
        json=credentials,
        headers=v3_headers(target, str(uuid.uuid4())),
    ).json()
    authority = host.simulator.tokens
    link_token, _ = authority.linking_token(target.patients[0].abha_address, target.hip_id, 600)
    return {
        "access": session["accessToken"],
        "refresh": session["refreshToken"],
        "link": link_token,
        "gateway": authority.gateway_token(),
        "forged": authority.forged_gateway_token(),
        "garbage": "eyJhbGciOiJub25lIn0.e30.",
        "none": None,
    }


def v3_headers(target: Target, request_id: str) -> dict[str, str]:
    return {"REQUEST-ID": request_id, "TIMESTAMP": protocol.utc_timestamp(), "X-CM-ID": target.cm_id}


def send_one(
    http: httpx.Client,
    rng: random.Random,
    endpoint: Endpoint,
    tokens: dict[str, str | None],
    target: Target,
    seeds: dict[str, dict[str, Any]],
    tally: Tally,
) -> None:
    kind = rng.choice(("access",) * 6 + tuple(tokens))
    request_id, replayed = pick_request_id(rng, tally.accepted_ids)
    headers = {"X-CM-ID": target.cm_id, "X-HIP-ID": target.hip_id, "Content-Type": "application/json"}
    if tokens[kind] is not None:
        headers["Authorization"] = f"Bearer {tokens[kind]}"
    if rng.random() < 0.2:
        headers["X-LINK-TOKEN"] = tokens[rng.choice(tuple(tokens))] or ""
    content = random_body(rng, seeds.get(endpoint.message))
    if endpoint.api_version == "v0.5" and endpoint.gateway_rules:
        content = with_body_ids(content, request_id)
    else:
        headers |= {"REQUEST-ID": request_id, "TIMESTAMP": protocol.utc_timestamp()}
    mutate_headers(rng, headers)
    response = http.request(endpoint.method, endpoint.path, content=content, headers=headers)
    judge(endpoint, kind, request_id, replayed, response, tally)


def pick_request_id(rng: random.Random, accepted: list[str]) -> tuple[str, bool]:
    """A fresh id, an accepted one again in another spelling (True), or one the gateway cannot read."""
    roll = rng.random()
    if accepted and roll < 0.25:
        earlier = uuid.UUID(rng.choice(accepted))
        spellings = (str(earlier), str(earlier).upper(), f"{{{earlier}}}", earlier.urn, earlier.hex)
        return rng.choice(spellings), True
    if roll < 0.35:
        return rng.choice(("", "42", str(uuid.uuid4())[:-1] + "g", str(uuid.uuid4()) + "0", "1-1-1-1-1")), False
    return str(uuid.uuid4()), False


def with_body_ids(content: bytes, request_id: str) -> bytes:
    """v0.5 carries requestId and timestamp in the body: added to a JSON object, left out of anything else."""
    try:
        body = json.loads(content)
    except (ValueError, RecursionError):
        return content
    if not isinstance(body, dict):
        return content
    return json.dumps({"requestId": request_id, "timestamp": protocol.utc_timestamp(), **body}).encode()


def mutate_headers(rng: random.Random, headers: dict[str, str]) -> None:
    roll = rng.random()
    if roll < 0.05:
        headers["TIMESTAMP"] = rng.choice(("yesterday", "2020-01-01T00:00:00Z", "9999-12-31T23:59:59+05:30", "1e9"))
    elif roll < 0.1:
        headers["X-CM-ID"] = rng.choice(("abdm", "", "sbx" * 1000))
    elif roll < 0.15:
        headers.pop(rng.choice(tuple(headers)))
    elif roll < 0.18:
        headers["Content-Type"] = rng.choice(("text/html", "application/xml", "multipart/form-data; boundary=x"))


def seed_bodies(target: Target) -> dict[str, dict[str, Any]]:
    """Well-formed requests that get past the first checks, for the fuzz to break one part of."""
    patient, client = target.patients[0], target.clients[0]
    window = {"from": "2020-01-01T00:00:00Z", "to": "2030-01-01T00:00:00Z"}
    return {
        "session": {
            "clientId": client.client_id,
            "clientSecret": client.client_secret,
            "grantType": "client_credentials",
        },
        "auth-init": {
            "query": {
                "id": patient.abha_address,
                "purpose": "LINK",
                "authMode": "MOBILE_OTP",
                "requester": {"type": "HIP", "id": target.hip_id},
            }
        },
        "patient-find": {"query": {"patient": {"id": patient.abha_address}, "requester": {"type": "HIU", "id": "HIU"}}},
        "consent-request-init": {
            "consent": {
                "patient": {"id": patient.abha_address},
                "hiTypes": ["OPConsultation"],
                "hiu": {"id": "HIU"},
                "permission": {"dateRange": window, "dataEraseAt": window["to"]},
            }
        },
        "generate-token": {
            "abhaAddress": patient.abha_address,
            "abhaNumber": patient.abha_number,
            "name": patient.name,
            "gender": patient.gender,
            "yearOfBirth": patient.year_of_birth,
        },
        "link-carecontext": {
            "abhaAddress": patient.abha_address,
            "patient": [{"referenceNumber": "r", "count": 1, "careContexts": [{"referenceNumber": "c"}]}],
        },
    }


def random_body(rng: random.Random, seed: dict[str, Any] | None) -> bytes:
    if seed is not None and rng.random() < 0.5:
        return json.dumps(broken(rng, seed)).encode()
    makers: tuple[Callable[[random.Random], bytes], ...] = (
        lambda r: json.dumps(random_json(r, 4)).encode(),
        lambda r: json.dumps(random_object(r, 4)).encode(),
        lambda r: json.dumps(session_like(r)).encode(),
        lambda r: deep_json(r).encode(),
        lambda r: r.choice((b"", b"null", b"[]", b"{", b"<html>oops</html>", b"\xff\xfe\x00{", b'{"a": 1e999999}')),
        lambda r: b'{"requestId": NaN, "requestId": "x", "timestamp": Infinity}',
    )
    return rng.choice(makers)(rng)


def broken(rng: random.Random, body: dict[str, Any]) -> dict[str, Any]:
    """The body with one value, at any depth, replaced by random JSON."""
    body = json.loads(json.dumps(body))
    parent: Any = body
    key: Any = rng.choice(tuple(body))
    while isinstance(parent[key], dict | list) and parent[key] and rng.random() < 0.6:
        parent = parent[key]
        key = rng.choice(tuple(parent)) if isinstance(parent, dict) else rng.randrange(len(parent))
    parent[key] = random_json(rng, 2)
    return body


def deep_json(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return "[" * DEEP + "]" * DEEP
    return '{"a":' * DEEP + "1" + "}" * DEEP


def session_like(rng: random.Random) -> dict[str, Any]:
    """Credentials of the wrong types, where the gateway expects two strings."""
    return {
        "clientId": random_json(rng, 2),
        "clientSecret": random_json(rng, 2),
        "grantType": rng.choice(("client_credentials", "refresh_token", 7)),
    }


def random_object(rng: random.Random, depth: int) -> dict[str, Any]:
    return {rng.choice(FIELD_NAMES): random_json(rng, depth - 1) for _ in range(rng.randint(0, 6))}


def random_json(rng: random.Random, depth: int) -> Any:
    scalars = (
        None,
        True,
        0,
        -1,
        2**70,
        1.5e308,
        "",
        "x" * rng.randint(1, 40),
        "\u202e<script>\u0000",
        str(uuid.uuid4()),
        utc_in(rng),
        rng.choice(("OPConsultation", "MOBILE_OTP", "LINK", "HIU", "GRANTED", "male", "M")),
    )
    if depth <= 0 or rng.random() < 0.4:
        return rng.choice(scalars)
    if rng.random() < 0.5:
        return [random_json(rng, depth - 1) for _ in range(rng.randint(0, 4))]
    return random_object(rng, depth)


def utc_in(rng: random.Random) -> str:
    return protocol.utc_timestamp(datetime.now(timezone.utc) + timedelta(days=rng.randint(-400, 400)))


def judge(
    endpoint: Endpoint,
    kind: str,
    request_id: str,
    replayed: bool,
    response: httpx.Response,
    tally: Tally,
) -> None:
    what = f"{endpoint.method} {endpoint.path} [{kind} token] → {response.status_code} {response.text[:200]!r}"
    tally.statuses[response.status_code] += 1
    wrong_kind = endpoint.guarded and kind in WRONG_KINDS
    replay = replayed and endpoint.guarded and endpoint.gateway_rules and kind == "access"
    tally.wrong_kind_sent += wrong_kind
    tally.replays_sent += replay
    if response.status_code >= 500 or "Traceback" in response.text:
        tally.server_errors.append(what)
    if 400 <= response.status_code < 500 and not in_error_shape(response):
        tally.unshaped.append(what)
    if not response.is_success:
        return
    if wrong_kind:
        tally.wrong_kind_accepted.append(what)
    if replay:
        tally.replays_accepted.append(f"{request_id}: {what}")
    if endpoint.gateway_rules and endpoint.guarded:
        tally.accepted_ids.append(request_id)


def in_error_shape(response: httpx.Response) -> bool:
    """ABDM's {"error": {"code", "message"}}, or the ABHA service's {"code", "message"} or {field: message};
    the message one line."""
    try:
        body = response.json()
    except ValueError:
        return False
    if not isinstance(body, dict) or not body:
        return False
    error = body.get("error", body)
    if isinstance(error, dict) and {"code", "message"} <= error.keys():
        return isinstance(error["message"], str) and "\n" not in error["message"]
    return all(isinstance(message, str) and "\n" not in message for message in body.values())


def report(tally: Tally, tracebacks: int, requests: int, seconds: float) -> None:
    print(f"{requests} requests in {seconds:.1f} s")
    print("answers by status: " + ", ".join(f"{status}: {n}" for status, n in sorted(tally.statuses.items())))
    figures = {
        "5xx answers": tally.server_errors,
        "4xx answers not in ABDM's error shape": tally.unshaped,
        f"wrong-kind tokens accepted (of {tally.wrong_kind_sent} sent)": tally.wrong_kind_accepted,
        f"replayed REQUEST-IDs accepted (of {tally.replays_sent} sent)": tally.replays_accepted,
    }
    print(f"tracebacks logged: {tracebacks}")
    for label, found in figures.items():
        print(f"{label}: {len(found)}")
        for example in found[:5]:
            print(f"    {example}")


if __name__ == "__main__":
    sys.exit(main())
