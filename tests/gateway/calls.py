"""One request to the simulated gateway, in process, as the gateway tests make it."""

from __future__ import annotations

import asyncio

import httpx

from mocks.gateway.simulator import GatewaySimulator


def call(simulator: GatewaySimulator, method: str, path: str, **kwargs) -> httpx.Response:
    """What the simulator answers; what it starts in the background (callbacks) is dropped."""

    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=simulator.app)
        async with httpx.AsyncClient(transport=transport, base_url=simulator.target.gateway_url) as client:
            return await client.request(method, path, **kwargs)

    return asyncio.run(send())
