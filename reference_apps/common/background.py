"""Work done after the answer is sent, as ABDM's asynchronous pattern asks: a request is
acknowledged at once and acted on afterwards."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from starlette.background import BackgroundTask
from starlette.responses import Response

from reference_apps.common.gateway import GatewayError

logger = logging.getLogger(__name__)


def accepted(work: Callable[..., Awaitable[None]], *args: Any) -> Response:
    """202 now; the work runs once the answer is sent."""
    return Response(status_code=202, background=later(work, *args))


def later(work: Callable[..., Awaitable[None]], *args: Any) -> BackgroundTask:
    return BackgroundTask(logging_failures, work, *args)


async def logging_failures(work: Callable[..., Awaitable[None]], *args: Any) -> None:
    # Nobody is waiting on a background task: a call the gateway refused or never received
    # can only be logged.
    try:
        await work(*args)
    except (GatewayError, httpx.HTTPError) as error:
        logger.error("call to the gateway not delivered: %s", error)
