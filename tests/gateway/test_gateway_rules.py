"""The simulated gateway refuses what the real one refuses, in ABDM's error shapes."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import httpx
import jwt
import pytest

from abdm_conformance.config import load_target
from abdm_conformance.protocol import utc_timestamp
from mocks.gateway.simulator import GatewaySimulator
from tests.gateway.calls import call

TARGET = load_target()
CLIENT = TARGET.clients[0]
V3_SESSIONS = "/api/hiecm/gateway/v3/sessions"
V3_ON_DISCOVER = "/api/hiecm/user-initiated-linking/v3/patient/care-context/on-discover"
V05_ON_DISCOVER = "/gateway/v0.5/care-contexts/on-discover"


def v3_headers(**overrides: str) -> dict[str, str]:
    headers = {"REQUEST-ID": str(uuid.uuid4()), "TIMESTAMP": utc_timestamp(), "X-CM-ID": TARGET.cm_id}
    headers.update(overrides)
    return {k: v for k, v in headers.items() if v is not None}


@pytest.fixture
def simulator() -> GatewaySimulator:
    return GatewaySimulator(TARGET)


def session_token(simulator: GatewaySimulator) -> str:
    body = {"clientId": CLIENT.client_id, "clientSecret": CLIENT.client_secret, "grantType": "client_credentials"}
    response = call(simulator, "POST", V3_SESSIONS, json=body, headers=v3_headers())
    assert response.status_code == 200, response.text
    return response.json()["accessToken"]


def test_session_token_verifies_against_the_published_jwks(simulator):
    token = session_token(simulator)
    configuration = call(simulator, "GET", "/api/hiecm/gateway/v3/.well-known/openid-configuration").json()
    jwks = call(simulator, "GET", httpx.URL(configuration["jwks_uri"]).path).json()
    key = jwt.PyJWK(jwks["keys"][0])
    claims = jwt.decode(token, key.key, algorithms=["RS256"], options={"verify_aud": False})
    assert claims["clientId"] == CLIENT.client_id


def test_wrong_client_secret_gets_no_session(simulator):
    body = {"clientId": CLIENT.client_id, "clientSecret": "wrong", "grantType": "client_credentials"}
    response = call(simulator, "POST", V3_SESSIONS, json=body, headers=v3_headers())
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "ABDM-1923"  # NHA ABDM v3 API, gateway errors page


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({"Authorization": None}, 401, "ABDM-2500"),
        ({"Authorization": "Bearer not-a-token"}, 401, "ABDM-2401"),
        ({"X-CM-ID": "abdm"}, 400, "ABDM-2403"),
        ({"REQUEST-ID": "42"}, 400, "ABDM-2404"),
        ({"TIMESTAMP": None}, 400, "ABDM-1016"),
        ({"TIMESTAMP": datetime.now(timezone(timedelta(hours=5, minutes=30))).isoformat()}, 400, "ABDM-1016"),
        ({"TIMESTAMP": utc_timestamp(datetime.now(timezone.utc) - timedelta(minutes=5))}, 400, "ABDM-1016"),
    ],
    ids=[
        "no-token",
        "bad-token",
        "wrong-cm-id",
        "request-id-not-uuid",
        "no-timestamp",
        "ist-timestamp",
        "stale-timestamp",
    ],
)
def test_v3_callback_header_rules(simulator, headers, status, code):
    token = session_token(simulator)
    sent = v3_headers(**{"Authorization": f"Bearer {token}", **headers})
    response = call(simulator, "POST", V3_ON_DISCOVER, json={"transactionId": "t"}, headers=sent)
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)
    assert simulator.exchanges[-1].gateway_error["code"] == code


def test_repeated_request_id_is_refused(simulator):
    token = session_token(simulator)
    headers = v3_headers(Authorization=f"Bearer {token}")
    first = call(simulator, "POST", V3_ON_DISCOVER, json={}, headers=headers)
    again = call(simulator, "POST", V3_ON_DISCOVER, json={}, headers=headers)
    assert first.status_code == 202
    assert (again.status_code, again.json()["error"]["code"]) == (429, "ABDM-1064")


def test_v05_rules_read_ids_from_the_body_and_answer_the_ymls_error_code(simulator):
    token = session_token(simulator)
    headers = {"Authorization": f"Bearer {token}", "X-CM-ID": TARGET.cm_id}
    body = {"requestId": str(uuid.uuid4()), "timestamp": "2020-01-01T00:00:00.000Z"}
    response = call(simulator, "POST", V05_ON_DISCOVER, json=body, headers=headers)
    # NHA ndhm-gateway-v1.yml 0.5, ErrorResponse: Error.code is an integer, enum [1000, 10001].
    assert (response.status_code, response.json()["error"]["code"]) == (400, 1000)
    assert "timestamp" in response.json()["error"]["message"]
    body["timestamp"] = utc_timestamp()
    assert call(simulator, "POST", V05_ON_DISCOVER, json=body, headers=headers).status_code == 202


def test_non_json_callback_is_refused_and_recorded(simulator):
    token = session_token(simulator)
    headers = v3_headers(Authorization=f"Bearer {token}", **{"Content-Type": "text/html"})
    response = call(simulator, "POST", V3_ON_DISCOVER, content="<html>oops</html>", headers=headers)
    assert (response.status_code, response.json()["error"]["code"]) == (400, "ABDM-1006")
    assert simulator.exchanges[-1].request_text == "<html>oops</html>"


def test_oversized_body_is_refused(simulator):
    response = call(simulator, "POST", V3_ON_DISCOVER, content=b"x" * 1_000_001, headers=v3_headers())
    assert response.status_code == 413
    assert "larger than" in simulator.exchanges[-1].transport_error


def test_unknown_path_gets_not_found(simulator):
    response = call(simulator, "POST", "/api/hiecm/no/such/api", json={})
    assert response.status_code == 404
    assert simulator.exchanges[-1].message == "unknown"
