"""Serving the simulator: over real HTTP, or in-process through respx. One simulator, two transports.

The simulator runs on its own event loop in a background thread, so synchronous test
steps can drive it while it serves the app's calls. Over HTTP, uvicorn listens on the
loopback address the target file names and the simulator calls the app's bridge URL
for real. In-process, respx intercepts httpx in both directions and hands requests
straight to the two ASGI applications: no socket is opened.
"""

from __future__ import annotations

import asyncio
import importlib
import socket
import threading
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
import respx
import uvicorn

from abdm_conformance.config import ConfigError, InProcessApp, Target, TestPatient
from abdm_conformance.exchange import AppRequest, Exchange, Interaction, Transfer
from abdm_conformance.protocol import Consent, FoundCareContext
from mocks.gateway.consent_manager import PushedRecord
from mocks.gateway.simulator import Credential, GatewaySimulator
from mocks.gateway.state import SimulatorState, StateError

T = TypeVar("T")
_MARGIN_SECONDS = 5.0  # beyond the simulator's own deadlines, before a call is deemed hung


class HostError(RuntimeError):
    """The simulator could not be served (address in use, app factory broken, ...)."""


class SimulatorHost:
    def __init__(self, target: Target):
        self.target = target
        try:
            self.simulator = GatewaySimulator(target, SimulatorState(target.state_dir))
        except StateError as error:
            raise HostError(str(error)) from None
        except OSError as error:
            raise HostError(f"the simulator state {target.state_dir} cannot be written: {error.strerror}") from None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="abdm-gateway-simulator", daemon=True)
        self._server: uvicorn.Server | None = None
        self._server_task: asyncio.Task[None] | None = None
        self._router: respx.MockRouter | None = None

    def start(self) -> SimulatorHost:
        self._thread.start()
        if self.target.transport == "http":
            self._serve_http()
        else:
            self._serve_in_process()
        return self

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run a simulator coroutine on its loop and wait for it, never longer than its deadlines allow."""
        timeouts = self.target.timeouts
        limit = (
            timeouts.http_seconds
            + timeouts.callback_seconds
            + timeouts.silence_seconds
            + max(timeouts.transfer_seconds, timeouts.operator_seconds)
            + _MARGIN_SECONDS
        )
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=limit)

    # The PHR app's actions, for synchronous callers.

    def discover(self, patient: TestPatient, credential: Credential = Credential.GATEWAY) -> Interaction:
        return self.run(self.simulator.discover(patient, credential))

    def link_init(
        self, transaction_id: str, abha_address: str, patient_reference: str, chosen: list[FoundCareContext]
    ) -> Interaction:
        return self.run(self.simulator.link_init(transaction_id, abha_address, patient_reference, chosen))

    def link_confirm(self, link_reference: str, otp: str) -> Interaction:
        return self.run(self.simulator.link_confirm(link_reference, otp))

    def share_profile(self, patient: TestPatient, counter: str) -> Interaction:
        return self.run(self.simulator.share_profile(patient, counter))

    def ask_app_to_act(self, action: str, params: dict[str, Any], expected: str) -> AppRequest:
        return self.run(self.simulator.ask_app_to_act(action, params, expected))

    def await_operator(self, expected: str) -> AppRequest:
        return self.run(self.simulator.await_operator(expected))

    def drive(self, action: str, params: dict[str, Any], driver_url: str | None = None) -> Exchange:
        return self.run(self.simulator.drive(action, params, driver_url))

    def app_request_after(
        self,
        expected: str,
        after_seq: int,
        timeout: float | None = None,
        about: Callable[[Exchange], bool] | None = None,
    ) -> AppRequest:
        return self.run(self.simulator.app_request_after(expected, after_seq, timeout, about))

    def read_back(self, path: str, driver_url: str | None = None) -> Exchange:
        return self.run(self.simulator.read_back(path, driver_url))

    def read_back_until(
        self, path: str, settled: Callable[[Exchange], bool], not_before: datetime, deadline: datetime, driver_url: str
    ) -> Exchange:
        return self.run(self.simulator.read_back_until(path, settled, not_before, deadline, driver_url))

    def patient_decides(self, transaction_id: str, granted: bool) -> Interaction:
        return self.run(self.simulator.patient_decides(transaction_id, granted))

    def notify_hiu(
        self,
        request_id: str,
        status: str,
        hiu_id: str | None = None,
        erase_at: datetime | None = None,
        credential: Credential = Credential.GATEWAY,
    ) -> Interaction:
        return self.run(self.simulator.notify_hiu(request_id, status, hiu_id, erase_at, credential))

    def push_to_hiu(
        self, transaction_id: str, corrupt_first: bool = False, wrong_transaction: bool = False, repeat: bool = False
    ) -> tuple[list[Exchange], list[PushedRecord]]:
        return self.run(self.simulator.push_to_hiu(transaction_id, corrupt_first, wrong_transaction, repeat))

    def hand_foreign_link_token(self, patient: TestPatient, hip_id: str) -> Exchange:
        return self.run(self.simulator.hand_foreign_link_token(patient, hip_id))

    # The consent manager's and the HIU's.

    def notify_consent(self, consent: Consent, status: str) -> Interaction:
        return self.run(self.simulator.notify_consent(consent, status))

    def notify_patient_status(self, abha_address: str, status: str) -> Interaction:
        return self.run(self.simulator.notify_patient_status(abha_address, status))

    def request_health_information(
        self, consent: Consent, date_from: datetime, date_to: datetime, tampered_key: bool = False
    ) -> Transfer:
        return self.run(self.simulator.request_health_information(consent, date_from, date_to, tampered_key))

    def stop(self) -> None:
        if self._router is not None:
            self._router.stop(quiet=True)
        if self._server is not None:
            self._server.should_exit = True
            self.run(self._await_server())
        self.run(self.simulator.close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=_MARGIN_SECONDS)

    async def _await_server(self) -> None:
        if self._server_task is not None:
            await self._server_task

    def _serve_http(self) -> None:
        # Binding here, before uvicorn starts, means the address is listening when start()
        # returns: early connections wait in the backlog instead of being refused.
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind((self.target.listen_host, self.target.listen_port))
        except OSError as error:
            listener.close()
            raise HostError(
                f"the simulated gateway cannot listen on {self.target.gateway_url}: {error.strerror}"
            ) from None
        listener.listen(128)
        config = uvicorn.Config(self.simulator.app, log_level="warning", lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)

        async def serve() -> None:
            self._server_task = asyncio.create_task(self._server.serve(sockets=[listener]))

        self.run(serve())

    def _serve_in_process(self) -> None:
        apps = [(self.target.gateway_url, self.simulator.app)]
        if self.target.bridge_url is not None:  # a target for an HIU or a desk alone names no HIP
            apps.append((self.target.bridge_url, load_app(self.target.in_process)))
        if self.target.hiu is not None:
            apps.append((self.target.hiu.bridge_url, load_app(self.target.hiu.in_process)))
        if self.target.desk is not None:
            apps.append((self.target.desk.driver_url, load_app(self.target.desk.in_process)))
        router = respx.MockRouter(assert_all_called=False, assert_all_mocked=True)
        for url, asgi_app in apps:
            parts = urlsplit(url)
            route = router.route(scheme=parts.scheme, host=parts.hostname, port=parts.port)
            route.mock(side_effect=_forward_to(asgi_app, self.target.timeouts.http_seconds))
        router.start()
        self._router = router


def load_app(in_process: InProcessApp | None) -> Any:
    """Build an in-process app from the target file's `module:callable` factory."""
    assert in_process is not None  # the target file's parser requires it for the in-process transport
    module_name, _, attribute = in_process.factory.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError) as error:
        raise ConfigError(f"in_process.factory {in_process.factory!r} cannot be loaded: {error}") from None
    try:
        return factory(**in_process.options)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"in_process.options are not accepted by {in_process.factory}: {error}") from None


def _forward_to(app: Any, timeout: float) -> Callable[[httpx.Request], Awaitable[httpx.Response]]:
    # An exception inside the app becomes a 500 and a hung app a timeout, as over a socket.
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)

    async def forward(request: httpx.Request) -> httpx.Response:
        try:
            response = await asyncio.wait_for(transport.handle_async_request(request), timeout)
        except TimeoutError:
            raise httpx.ReadTimeout(f"no answer within {timeout:g} s", request=request) from None
        content = await response.aread()
        return httpx.Response(response.status_code, headers=response.headers, content=content)

    return forward
