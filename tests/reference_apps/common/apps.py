"""Reaching a reference app in its tests: in-process through httpx's ASGI transport, which runs
the app's background work before the call returns, or as its own process on a free port; and
waiting for what it does meanwhile."""

from __future__ import annotations

import asyncio
import json
import socket
import time

import httpx

DEADLINE_SECONDS = 5.0
POLL_SECONDS = 0.01


def asgi(app, method: str, path: str, body: dict | str | None = None, headers: dict | None = None) -> httpx.Response:
    """One request to the app; a dict body is sent as JSON."""
    content = body if isinstance(body, str) or body is None else json.dumps(body)

    async def call() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app.test") as client:
            return await client.request(method, path, content=content, headers=headers)

    return asyncio.run(call())


def until(condition, what: str, deadline: float = DEADLINE_SECONDS):
    """condition()'s first truthy value, polled until the deadline; AssertionError after it."""
    end = time.monotonic() + deadline
    while not (result := condition()):
        if time.monotonic() >= end:
            raise AssertionError(f"gave up after {deadline}s waiting for {what}")
        time.sleep(POLL_SECONDS)
    return result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
