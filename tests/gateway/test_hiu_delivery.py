"""How the simulated gateway and HIP reach an HIU: every bridge path NHA documents, and a data push
with the HIP's own gateway session token."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Coroutine
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

import jwt
import pytest
import respx

from abdm_conformance.config import load_target
from abdm_conformance.crypto import generate_key_material
from mocks.gateway.consent_manager import SIMULATED_HIP, ConsentRequest, HiuTransfer
from mocks.gateway.simulator import GatewaySimulator

TARGET = load_target()
assert TARGET.hiu is not None  # the embedded target names the reference HIU
HIU = TARGET.hiu.bridge_url
T = TypeVar("T")


def simulator_for(api_version: str) -> GatewaySimulator:
    return GatewaySimulator(dataclasses.replace(TARGET, api_version=api_version))


def run(simulator: GatewaySimulator, call: Coroutine[Any, Any, T]) -> T:
    async def then_close() -> T:
        try:
            return await call
        finally:
            await simulator.close()

    return asyncio.run(then_close())


@pytest.mark.parametrize(
    ("api_version", "message", "first", "other"),
    [
        (
            "v0.5",
            "on-hiu-hi-request",
            "/v0.5/health-information/hiu/on-request",
            "/v0.5/health-information/cm/on-request",
        ),
        ("v3", "hiu-consent-notify", "/api/v3/hiu/consent/request/notify", "/v0.5/consents/hiu/notify"),
    ],
)
def test_a_call_the_hiu_has_no_path_for_goes_to_the_other_path_nha_documents(api_version, message, first, other):
    simulator = simulator_for(api_version)
    with respx.mock(assert_all_called=True) as router:
        router.post(HIU + first).respond(404)
        router.post(HIU + other).respond(202)
        taken = run(simulator, simulator.send(message, {"hiRequest": {"transactionId": "t-1"}}))

    refused, delivered = simulator.exchanges
    assert (refused.url, refused.status) == (HIU + first, 404)
    assert (delivered.url, delivered.status) == (HIU + other, 202)
    assert taken is delivered and delivered.request_id == refused.request_id
    assert delivered.request_text == refused.request_text


@pytest.mark.parametrize("status", [202, 401, 500])
def test_only_a_404_sends_the_call_elsewhere(status):
    simulator = simulator_for("v0.5")
    with respx.mock(assert_all_called=False) as router:
        router.post(HIU + "/v0.5/health-information/hiu/on-request").respond(status)
        other = router.post(HIU + "/v0.5/health-information/cm/on-request").respond(202)
        run(simulator, simulator.send("on-hiu-hi-request", {"hiRequest": {"transactionId": "t-1"}}))

    assert [e.status for e in simulator.exchanges] == [status] and not other.called


def test_the_hip_pushes_with_its_own_session_token_the_gateway_signed():
    simulator = simulator_for("v3")
    patient = TARGET.patients[0]
    now = datetime.now(timezone.utc)
    request = ConsentRequest("cr-1", patient, "REF-HIU-01", ("OPConsultation",), now, now, now, now)
    simulator.consents.requests[request.id] = request
    simulator.consents.decide(request.id, "GRANTED", erase_at=now + timedelta(seconds=5))
    keys = generate_key_material()
    push_url = HIU + "/data/push"
    transfer = HiuTransfer("t-1", request.artefacts[0], push_url, keys.public_key, keys.nonce)
    simulator.consents.transfers[transfer.transaction_id] = transfer
    with respx.mock() as router:
        route = router.post(push_url).respond(202)
        run(simulator, simulator.push_to_hiu(transfer.transaction_id))

    scheme, _, token = route.calls.last.request.headers["Authorization"].partition(" ")
    (key,) = jwt.PyJWKSet.from_dict(simulator.tokens.jwks()).keys
    claims = jwt.decode(token, key.key, algorithms=["RS256"], issuer=TARGET.gateway_url, options={"verify_aud": False})
    assert scheme == "Bearer" and claims["clientId"] == SIMULATED_HIP
    assert "gateway" not in claims["realm_access"]["roles"]
    assert request.artefacts[0].erase_at == now + timedelta(seconds=5)
    assert json.loads(route.calls.last.request.content)["transactionId"] == "t-1"
