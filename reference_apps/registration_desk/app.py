"""The reference registration desk: a hospital's front desk that creates ABHA numbers by Aadhaar
OTP and verifies returning patients' ABHA numbers, then registers them under one patient id per
ABHA number (M1).

It is a client of NHA's ABHA v3 service and has no bridge: nothing calls it but the operator,
here the test driver. A flow runs as an asyncio task of its own, not as the background work of
the request that started it: it outlives that request, waiting for OTPs that later requests
bring, and a new flow abandons it by cancelling the task.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager

from starlette.applications import Starlette

from reference_apps.common.defects import Defects
from reference_apps.registration_desk import driver
from reference_apps.registration_desk.abha_client import AbhaClient
from reference_apps.registration_desk.calls import ServiceError
from reference_apps.registration_desk.defects import DEFECTS
from reference_apps.registration_desk.flow import IDLE, Flow
from reference_apps.registration_desk.patients import Register
from reference_apps.registration_desk.settings import DEFAULT_CONFIG, Settings, load_settings

logger = logging.getLogger("reference_apps.registration_desk")


def create_app(config: str | os.PathLike[str] | None = None, defects: Iterable[str] = ()) -> Starlette:
    """The desk as an ASGI app, configured by desk.toml (the bundled one when config is None)."""
    switches = Defects(DEFECTS, defects)
    settings = load_settings(DEFAULT_CONFIG if config is None else config)
    desk = RegistrationDesk(settings, switches)
    app = Starlette(routes=driver.routes(desk), lifespan=desk.lifespan)
    app.state.desk = desk
    return app


class RegistrationDesk:
    def __init__(self, settings: Settings, defects: Defects):
        self.settings = settings
        self.defects = defects
        self.abha = AbhaClient(settings, defects)
        self.patients = Register(defects)  # the hospital's patients, by ABHA number
        self.flow = Flow(IDLE)  # the last flow started: what the screen shows
        self._task: asyncio.Task[None] | None = None

    def start(self, steps: Callable[[Flow], Awaitable[None]]) -> None:
        """Begin a flow, abandoning any still under way: the desk serves one patient at a time."""
        self.stop()
        flow = self.flow = Flow()
        self._task = asyncio.create_task(self._run(steps, flow))

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    @asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        yield
        self.stop()  # a flow waiting for an OTP would otherwise wait past the server's shutdown

    async def _run(self, steps: Callable[[Flow], Awaitable[None]], flow: Flow) -> None:
        try:
            await steps(flow)
        except ServiceError as error:  # ABHA refused or was out of reach: the screen says what came back
            logger.warning("the flow failed at %s: %s", flow.step, error)
            if self.defects.enabled("swallows_abha_errors"):
                flow.done()
                return
            flow.failed(error.status, error.body)
        except Exception as error:  # a slip of the desk's own must end the flow too, not leave it hanging
            logger.exception("the flow failed at %s", flow.step)
            flow.failed(None, f"the desk failed: {error!r}")
        else:
            flow.done()
