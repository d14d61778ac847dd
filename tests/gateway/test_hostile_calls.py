"""What the simulated gateway does with an app that presents the wrong kind of token, replays a REQUEST-ID in
another spelling, or sends malformed input: ABDM's 4xx error answers, never a fresh id, never a 5xx."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from abdm_conformance.config import load_target
from abdm_conformance.exchange import Direction, Exchange
from abdm_conformance.protocol import V05, V3, utc_timestamp
from mocks.gateway.rules import canonical_request_id
from mocks.gateway.simulator import GatewaySimulator
from mocks.gateway.tokens import InvalidToken, TokenKind
from tests.gateway.calls import call

TARGET = load_target()
CLIENT = TARGET.clients[0]
PATIENT = TARGET.patients[0]
V3_SESSIONS = "/api/hiecm/gateway/v3/sessions"
V05_SESSIONS = "/gateway/v0.5/sessions"
V3_ON_DISCOVER = "/api/hiecm/user-initiated-linking/v3/patient/care-context/on-discover"
V05_ON_DISCOVER = "/gateway/v0.5/care-contexts/on-discover"
V3_CONSENT_INIT = "/api/hiecm/consent/v3/request/init"
V05_AUTH_INIT = "/gateway/v0.5/users/auth/init"
ABHA_REQUEST_OTP = "/abha/api/v3/enrollment/request/otp"
DEEP = 10_000


@pytest.fixture
def simulator() -> GatewaySimulator:
    return GatewaySimulator(TARGET)


def v3_headers(token: str | None, request_id: str | None = None) -> dict[str, str]:
    headers = {"REQUEST-ID": request_id or str(uuid.uuid4()), "TIMESTAMP": utc_timestamp(), "X-CM-ID": TARGET.cm_id}
    return headers | ({"Authorization": f"Bearer {token}"} if token else {})


def v05_body(request_id: str | None = None) -> dict[str, str]:
    return {"requestId": request_id or str(uuid.uuid4()), "timestamp": utc_timestamp()}


def v05_headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "X-CM-ID": TARGET.cm_id}


def tokens_of_every_kind(simulator: GatewaySimulator) -> dict[str, str]:
    session = simulator.tokens.open_session(CLIENT.client_id)
    linking = simulator.linking
    return {
        "access": session.access_token,
        "refresh": session.refresh_token,
        "v3 link token": linking.foreign_link_token(PATIENT, TARGET.hip_id),
        "v0.5 linking access token": linking._issue(PATIENT, TARGET.hip_id, 600, single_use=True),
        "gateway": simulator.tokens.gateway_token(),
        "forged gateway": simulator.tokens.forged_gateway_token(),
    }


WRONG_KINDS = ["refresh", "v3 link token", "v0.5 linking access token", "gateway", "forged gateway"]


# ---- tokens ----


def test_each_token_carries_its_kind_and_verifies_only_as_that_kind(simulator):
    tokens = tokens_of_every_kind(simulator)
    kinds = {
        "access": TokenKind.ACCESS,
        "refresh": TokenKind.REFRESH,
        "v3 link token": TokenKind.LINK,
        "v0.5 linking access token": TokenKind.LINK,
        "gateway": TokenKind.GATEWAY,
    }
    for name, kind in kinds.items():
        assert simulator.tokens.verify(tokens[name], kind)["tokenKind"] == kind.value
        for other in set(TokenKind) - {kind}:
            with pytest.raises(InvalidToken, match=f"of kind {kind.value}, not {other.value}"):
                simulator.tokens.verify(tokens[name], other)


@pytest.mark.parametrize("kind", WRONG_KINDS)
def test_only_an_access_token_opens_a_v3_gateway_api(simulator, kind):
    token = tokens_of_every_kind(simulator)[kind]
    response = call(simulator, "POST", V3_ON_DISCOVER, json={}, headers=v3_headers(token))
    assert (response.status_code, response.json()["error"]["code"]) == (401, "ABDM-2401")
    assert "\n" not in response.json()["error"]["message"]
    assert simulator.exchanges[-1].gateway_error["status"] == 401


@pytest.mark.parametrize("kind", WRONG_KINDS)
def test_only_an_access_token_opens_a_v05_gateway_api(simulator, kind):
    token = tokens_of_every_kind(simulator)[kind]
    response = call(simulator, "POST", V05_ON_DISCOVER, json=v05_body(), headers=v05_headers(token))
    assert (response.status_code, response.json()["error"]["code"]) == (401, 1000)


def test_an_access_token_opens_them(simulator):
    token = tokens_of_every_kind(simulator)["access"]
    assert call(simulator, "POST", V3_ON_DISCOVER, json={}, headers=v3_headers(token)).status_code == 202
    assert call(simulator, "POST", V05_ON_DISCOVER, json=v05_body(), headers=v05_headers(token)).status_code == 202


@pytest.mark.parametrize("kind", WRONG_KINDS)
def test_only_an_access_token_opens_the_abha_service(simulator, kind):
    token = tokens_of_every_kind(simulator)[kind]
    response = call(simulator, "POST", ABHA_REQUEST_OTP, json={}, headers=v3_headers(token))
    assert response.status_code == 401
    assert simulator.abha.refusals[-1].field == "Authorization"


def test_the_abha_service_takes_an_access_token(simulator):
    token = tokens_of_every_kind(simulator)["access"]
    response = call(simulator, "POST", ABHA_REQUEST_OTP, json={}, headers=v3_headers(token))
    assert response.status_code == 400  # past the token: the empty body is what it refuses


@pytest.mark.parametrize("kind", ["access", "refresh", "gateway"])
def test_only_a_link_token_is_good_as_x_link_token(simulator, kind):
    token = tokens_of_every_kind(simulator)[kind]
    body = {"abhaAddress": PATIENT.abha_address, "patient": [{"count": 1, "careContexts": [{"referenceNumber": "c"}]}]}
    exchange = Exchange(
        seq=1,
        direction=Direction.FROM_APP,
        api_version="v3",
        message="link-carecontext",
        method="POST",
        url=TARGET.gateway_url + V3.gateway_prefix + V3.gateway_paths["link-carecontext"],
        request_headers={"X-HIP-ID": TARGET.hip_id, "X-LINK-TOKEN": token},
        request_text=json.dumps(body),
    )
    error = simulator.linking.answer(V3, "link-carecontext", exchange)["error"]
    assert error["code"] == "ABDM-1026"
    assert f"of kind {TokenKind(kind).value}, not link" in error["message"]


# ---- REQUEST-ID ----


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("0f8fad5b-d9cb-469f-a165-70867728950e", "0f8fad5b-d9cb-469f-a165-70867728950e"),
        ("0F8FAD5B-D9CB-469F-A165-70867728950E", "0f8fad5b-d9cb-469f-a165-70867728950e"),
        ("0f8FAD5b-d9cb-469f-A165-70867728950e", "0f8fad5b-d9cb-469f-a165-70867728950e"),
        ("{0f8fad5b-d9cb-469f-a165-70867728950e}", None),  # UUID.fromString throws
        ("urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e", None),  # longer than 36: throws
        ("0f8fad5bd9cb469fa16570867728950e", None),  # no hyphens: throws
        ("0f8fad5b-d9cb-469f-a165-70867728950e\n", None),
        ("0f8fad5b-d9cb-469f-a165-७०८६७७२८९५०e", None),  # digits of another script
        ("1-1-1-1-1", None),  # fromString's lenient legacy form; NHA documents 8-4-4-4-12
        (42, None),
        (None, None),
    ],
)
def test_request_ids_are_read_as_java_reads_them(given, canonical):
    assert canonical_request_id(given) == canonical


def replayed_spellings(request_id: uuid.UUID) -> list[str]:
    return [str(request_id), str(request_id).upper(), f"{{{request_id}}}", request_id.urn, request_id.hex]


@pytest.mark.parametrize("spelling", range(5), ids=["same", "capitals", "braces", "urn", "no-hyphens"])
def test_a_v3_request_id_replayed_in_any_spelling_is_never_fresh(simulator, spelling):
    token = tokens_of_every_kind(simulator)["access"]
    first = uuid.uuid4()
    assert call(simulator, "POST", V3_ON_DISCOVER, json={}, headers=v3_headers(token, str(first))).status_code == 202
    again = replayed_spellings(first)[spelling]
    response = call(simulator, "POST", V3_ON_DISCOVER, json={}, headers=v3_headers(token, again))
    assert (response.status_code, response.json()["error"]["code"]) in [(429, "ABDM-1064"), (400, "ABDM-2404")]


@pytest.mark.parametrize("spelling", range(5), ids=["same", "capitals", "braces", "urn", "no-hyphens"])
def test_a_v05_request_id_replayed_in_any_spelling_is_never_fresh(simulator, spelling):
    token = tokens_of_every_kind(simulator)["access"]
    first = uuid.uuid4()
    sent = call(simulator, "POST", V05_ON_DISCOVER, json=v05_body(str(first)), headers=v05_headers(token))
    assert sent.status_code == 202
    again = replayed_spellings(first)[spelling]
    response = call(simulator, "POST", V05_ON_DISCOVER, json=v05_body(again), headers=v05_headers(token))
    assert response.status_code in (429, 400)


def test_capitals_are_the_same_id_and_other_spellings_are_malformed(simulator):
    token = tokens_of_every_kind(simulator)["access"]
    first = uuid.uuid4()
    call(simulator, "POST", V3_ON_DISCOVER, json={}, headers=v3_headers(token, str(first)))
    capitals = call(simulator, "POST", V3_ON_DISCOVER, json={}, headers=v3_headers(token, str(first).upper()))
    assert capitals.status_code == 429
    assert str(first).upper() in capitals.json()["error"]["message"]
    fresh = uuid.uuid4()
    for spelling in replayed_spellings(fresh)[2:]:  # never seen: refused all the same, for their form
        response = call(simulator, "POST", V3_ON_DISCOVER, json={}, headers=v3_headers(token, spelling))
        assert (response.status_code, response.json()["error"]["code"]) == (400, "ABDM-2404")


def test_a_session_request_claims_its_id_in_any_case(simulator):
    request_id = str(uuid.uuid4())
    credentials = {
        "clientId": CLIENT.client_id,
        "clientSecret": CLIENT.client_secret,
        "grantType": "client_credentials",
    }
    assert call(simulator, "POST", V3_SESSIONS, json=credentials, headers=v3_headers(None, request_id)).is_success
    token = tokens_of_every_kind(simulator)["access"]
    response = call(simulator, "POST", V3_ON_DISCOVER, json={}, headers=v3_headers(token, request_id.upper()))
    assert response.status_code == 429


# ---- malformed input: 4xx in ABDM's shape, never 5xx ----

DEEP_ARRAY = "[" * DEEP + "]" * DEEP
DEEP_OBJECT = '{"a":' * DEEP + "1" + "}" * DEEP
MALFORMED_BODIES = {
    "deep array": DEEP_ARRAY,
    "deep object": DEEP_OBJECT,
    "not JSON": "{",
    "broken UTF-8": b"\xff\xfe{",
    "a list": "[]",
}


def assert_refused_in_shape(response: httpx.Response) -> None:
    assert 400 <= response.status_code < 500, response.text
    body = response.json()
    message = body["error"]["message"] if "error" in body else next(iter(body.values()))
    assert isinstance(message, str) and "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize("body", MALFORMED_BODIES.values(), ids=MALFORMED_BODIES.keys())
@pytest.mark.parametrize(
    "path", [V3_SESSIONS, V05_SESSIONS, V3_ON_DISCOVER, V05_ON_DISCOVER, V3_CONSENT_INIT, ABHA_REQUEST_OTP]
)
def test_malformed_bodies_get_4xx(simulator, path, body):
    token = tokens_of_every_kind(simulator)["access"]
    assert_refused_in_shape(call(simulator, "POST", path, content=body, headers=v3_headers(token)))


@pytest.mark.parametrize("body", MALFORMED_BODIES.values(), ids=MALFORMED_BODIES.keys())
def test_a_malformed_data_push_gets_4xx(simulator, body):
    assert_refused_in_shape(call(simulator, "POST", "/simulated-hiu/data/push", content=body))


@pytest.mark.parametrize("client_id", [["a"], {"a": 1}, 7, None, True])
@pytest.mark.parametrize("path", [V3_SESSIONS, V05_SESSIONS])
def test_a_client_id_that_is_not_a_string_gets_400(simulator, path, client_id):
    body = {"clientId": client_id, "clientSecret": CLIENT.client_secret, "grantType": "client_credentials"}
    response = call(simulator, "POST", path, json=body, headers=v3_headers(None))
    assert (response.status_code, response.json()["error"]["code"]) == (400, "ABDM-1006" if "v3" in path else 1000)


@pytest.mark.parametrize(
    ("api", "path", "body"),
    [
        (V3, V3_CONSENT_INIT, {"consent": {"patient": {"id": PATIENT.abha_address}, "hiTypes": [{}]}}),
        (V05, V05_AUTH_INIT, {"query": {"id": PATIENT.abha_address, "purpose": [], "authMode": "MOBILE_OTP"}}),
        (V05, V05_AUTH_INIT, {"query": {"id": PATIENT.abha_address, "purpose": "LINK", "authMode": ["x"]}}),
    ],
    ids=["hiTypes-of-objects", "purpose-a-list", "authMode-a-list"],
)
def test_values_of_the_wrong_type_in_an_app_request_are_answered_in_its_callback(simulator, api, path, body):
    message = api.gateway_message(path)
    exchange = Exchange(
        seq=1,
        direction=Direction.FROM_APP,
        api_version=api.version,
        message=message,
        method="POST",
        url=TARGET.gateway_url + path,
        request_headers={"X-HIP-ID": TARGET.hip_id},
        request_text=json.dumps(body),
    )
    assert simulator._answer_app_request(api, message, exchange)["error"]["message"]


def test_a_fault_of_the_simulator_is_answered_400_and_logged(simulator, monkeypatch, caplog):
    def broken(*_: object) -> None:
        raise KeyError("a bug of the harness")

    monkeypatch.setattr(simulator, "_answer", broken)
    token = tokens_of_every_kind(simulator)["access"]
    response = call(simulator, "POST", V3_ON_DISCOVER, json={}, headers=v3_headers(token))
    assert (response.status_code, response.json()["error"]["code"]) == (400, "ABDM-1006")
    assert simulator.exchanges[-1].status == 400
    assert "KeyError" in caplog.text
