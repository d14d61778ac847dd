"""The simulated ABDM gateway: one stateful implementation, whatever carries its traffic.

It is an ASGI application for what apps send to the gateway (sessions, certificates,
callbacks) and an HTTP client for what the gateway sends to an app's bridge. Every
exchange in both directions is recorded. A step that sends a request waits for the
app's callback on a future resolved by the callback itself, with a deadline: nothing
here sleeps, but between read-backs of an app that has no event to wait on (records erased
at a moment).
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from abdm_conformance import protocol
from abdm_conformance.config import Target, TestPatient
from abdm_conformance.crypto import generate_key_material
from abdm_conformance.exchange import (
    ABHA_MESSAGE,
    MAX_RECORDED_BODY,
    AppRequest,
    Direction,
    Exchange,
    Interaction,
    Transfer,
)
from abdm_conformance.protocol import APIS, Api, Consent, FoundCareContext
from mocks.abha import AbhaService
from mocks.abha.crypto import EncryptionKey
from mocks.abha.service import BASE_PATH as ABHA_BASE_PATH
from mocks.gateway.consent_manager import SIMULATED_HIP, ConsentManager, PushedRecord, push_pages
from mocks.gateway.hip_linking import LinkingAuthority
from mocks.gateway.rules import Refusal, refuse_call
from mocks.gateway.state import SimulatorState
from mocks.gateway.tokens import InvalidToken, TokenAuthority, TokenKind

ABHA_SEED = 2026  # the synthetic Aadhaar holders are the same, run after run
READ_BACK_INTERVAL_SECONDS = 0.25  # between read-backs of an app that has no event to wait on
logger = logging.getLogger(__name__)


class Credential(Enum):
    """What the gateway presents on a call to an app's bridge."""

    GATEWAY = "a token signed by the gateway"
    NONE = "no token"
    FORGED = "a token not signed by the gateway"


@dataclass
class _Waiter:
    callback: str
    request_id: str
    future: asyncio.Future[Exchange]


class GatewaySimulator:
    def __init__(self, target: Target, state: SimulatorState | None = None):
        self.target = target
        self.api = APIS[target.api_version]
        self.state = state or SimulatorState(None)
        self.tokens = TokenAuthority(issuer=target.gateway_url, key=self.state.rsa_key("gateway-signing"))
        self.linking = LinkingAuthority(self.tokens, self.state)
        self.consents = ConsentManager()
        self.abha = AbhaService(
            seed=ABHA_SEED,
            verify_session=self._is_session_token,
            key=EncryptionKey(self.state.rsa_key("abha-encryption")),
        )
        for patient in target.patients:
            self.linking.register(patient)
            self.consents.register(patient)
        self.exchanges: list[Exchange] = []
        self._seen_request_ids: set[str] = set()
        self._transfer_ids: set[str] = set()  # the transactionId of every health-information request sent
        self._waiters: list[_Waiter] = []
        self._client: httpx.AsyncClient | None = None
        self._arrivals: asyncio.Event | None = None
        self._answers: dict[str, asyncio.Task[Exchange]] = {}  # by REQUEST-ID of the app's request
        self.app = Starlette(routes=[Route("/{path:path}", self._receive, methods=["GET", "POST", "PUT", "PATCH"])])

    # ---- the PHR app and consent manager, as the gateway plays them ----

    async def discover(self, patient: TestPatient, credential: Credential = Credential.GATEWAY) -> Interaction:
        body = protocol.discover_body(self.api, patient, transaction_id=str(uuid.uuid4()))
        return await self.converse("discover", body, credential)

    async def link_init(
        self, transaction_id: str, abha_address: str, patient_reference: str, chosen: list[FoundCareContext]
    ) -> Interaction:
        body = protocol.link_init_body(self.api, transaction_id, abha_address, patient_reference, chosen)
        return await self.converse("link-init", body)

    async def link_confirm(self, link_reference: str, otp: str) -> Interaction:
        return await self.converse("link-confirm", protocol.link_confirm_body(self.api, link_reference, otp))

    async def notify_consent(self, consent: Consent, status: str) -> Interaction:
        signature = self.tokens.sign(json.dumps(consent.detail(self.api), sort_keys=True).encode())
        return await self.converse("consent-notify", protocol.consent_notify_body(self.api, status, consent, signature))

    async def share_profile(self, patient: TestPatient, counter: str) -> Interaction:
        body = protocol.profile_share_body(self.api, patient, self.target.hip_id, counter)
        return await self.converse("profile-share", body)

    async def ask_app_to_act(self, action: str, params: dict[str, Any], expected: str) -> AppRequest:
        """Through the app's test driver, make it act; then take the request it sends the gateway
        and the gateway's answer to it (both within the callback deadline)."""
        first_seq = len(self.exchanges)
        trigger = await self.drive(action, params)
        acted = trigger.status is not None and 200 <= trigger.status < 300
        timeout = self.target.timeouts.callback_seconds if acted else 0.0
        return await self._await_app_request(first_seq, expected, timeout, trigger)

    async def await_operator(self, expected: str) -> AppRequest:
        """Wait while an operator makes the app act by hand (interactive mode)."""
        first_seq = len(self.exchanges)
        return await self._await_app_request(first_seq, expected, self.target.timeouts.operator_seconds, None)

    async def app_request_after(
        self,
        expected: str,
        after_seq: int,
        timeout: float | None = None,
        about: Callable[[Exchange], bool] | None = None,
    ) -> AppRequest:
        """The app's next `expected` request after exchange `after_seq` (and `about` what the caller follows,
        when an app works on several things at once), within the callback deadline: what it sends on
        its own once the gateway (or the patient) answered its previous request."""
        timeout = self.target.timeouts.callback_seconds if timeout is None else timeout
        return await self._await_app_request(after_seq, expected, timeout, None, about)

    async def read_back(self, path: str, driver_url: str | None = None) -> Exchange:
        """Through the app's test driver (the HIP's unless named), what it holds: GET {driver}{path}."""
        exchange = self._record(
            direction=Direction.TO_APP,
            api_version=self.api.version,
            message="driver:read-back",
            method="GET",
            url=f"{driver_url or self.target.driver_url}{path}",
            request_headers={},
            request_text="",
        )
        await self._post(exchange)
        return exchange

    async def read_back_until(
        self,
        path: str,
        settled: Callable[[Exchange], bool],
        not_before: datetime,
        deadline: datetime,
        driver_url: str | None = None,
    ) -> Exchange:
        """What the app holds once it should have changed: read back from `not_before` on, again while it
        is not `settled` (an app may act on a moment by a periodic job), until `deadline`; the last read-back."""
        await asyncio.sleep(max(0.0, (not_before - datetime.now(timezone.utc)).total_seconds()))
        while True:
            exchange = await self.read_back(path, driver_url)
            remaining = (deadline - datetime.now(timezone.utc)).total_seconds()
            if settled(exchange) or remaining <= 0:
                return exchange
            await asyncio.sleep(min(READ_BACK_INTERVAL_SECONDS, remaining))

    async def patient_decides(self, transaction_id: str, granted: bool) -> Interaction:
        """The patient approves or denies, in the PHR app, an HIP's direct-auth request (v0.5)."""
        authentication, token = self.linking.decide(transaction_id, granted)
        expiry = datetime.now(timezone.utc) + timedelta(minutes=30)
        return await self.converse(
            "auth-notify", protocol.auth_notify_body(transaction_id, token, authentication.hip_id, expiry)
        )

    async def notify_hiu(
        self,
        request_id: str,
        status: str,
        hiu_id: str | None = None,
        erase_at: datetime | None = None,
        credential: Credential = Credential.GATEWAY,
    ) -> Interaction:
        """The patient's decision on an HIU's consent request, or its expiry, as the HIU hears of it."""
        request = self.consents.decide(request_id, status, hiu_id, erase_at)
        body = protocol.hiu_consent_notify_body(self.api, request.id, status, [a.id for a in request.artefacts])
        return await self.converse("hiu-consent-notify", body, credential)

    async def push_to_hiu(
        self, transaction_id: str, corrupt_first: bool = False, wrong_transaction: bool = False, repeat: bool = False
    ) -> tuple[list[Exchange], list[PushedRecord]]:
        """As the HIP, push the records of an HIU's health-information request to its dataPushUrl:
        one page per record; optionally one entry with a broken GCM tag, the pages under a
        transaction the HIU never started, or the first page twice."""
        transfer = self.consents.transfers[transaction_id]
        pages, records = push_pages(transfer, corrupt_first, str(uuid.uuid4()) if wrong_transaction else None)
        # NHA's data-push endpoint requires Authorization: an HIP presents its own gateway session token.
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {self.tokens.open_session(SIMULATED_HIP).access_token}",
        }
        pushes = []
        for page in [*pages, *pages[:1]] if repeat else pages:
            exchange = self._record(
                direction=Direction.TO_APP,
                api_version=self.api.version,
                message="hiu-data-push",
                method="POST",
                url=transfer.push_url,
                request_headers=headers,
                request_text=json.dumps(page),
            )
            await self._post(exchange)
            pushes.append(exchange)
        return pushes, records

    async def hand_foreign_link_token(self, patient: TestPatient, hip_id: str) -> Exchange:
        """An on-generate-token answering no request of the app's, carrying another HIP's token (v3)."""
        body = protocol.link_token_body(patient.abha_address, self.linking.foreign_link_token(patient, hip_id))
        return await self.send("on-generate-token", protocol.answering(self.api, body, str(uuid.uuid4())))

    async def _await_app_request(
        self,
        first_seq: int,
        expected: str,
        timeout: float,
        trigger: Exchange | None,
        about: Callable[[Exchange], bool] | None = None,
    ) -> AppRequest:
        deadline = time.monotonic() + timeout
        requests = await self._gather(
            first_seq, lambda e: e.message == expected and (about is None or about(e)), bool, deadline
        )
        request = requests[0] if requests else None
        answer = None
        if request is not None and (task := self._answers.get(request.request_id or "")) is not None:
            try:
                answer = await asyncio.wait_for(asyncio.shield(task), self.target.timeouts.callback_seconds)
            except TimeoutError:
                answer = None
        return AppRequest(trigger, expected, request, answer, timeout)

    async def drive(self, action: str, params: dict[str, Any], driver_url: str | None = None) -> Exchange:
        """One call to the app's test driver (the HIP's unless named), recorded."""
        exchange = self._record(
            direction=Direction.TO_APP,
            api_version=self.api.version,
            message=f"driver:{action}",
            method="POST",
            url=f"{driver_url or self.target.driver_url}/actions/{action}",
            request_headers={"Content-Type": "application/json"},
            request_text=json.dumps(params),
        )
        await self._post(exchange)
        return exchange

    async def notify_patient_status(self, abha_address: str, status: str) -> Interaction:
        return await self.converse("patient-status-notify", protocol.patient_status_body(abha_address, status))

    async def request_health_information(
        self, consent: Consent, date_from: datetime, date_to: datetime, tampered_key: bool = False
    ) -> Transfer:
        """As the HIU, through the consent manager: ask for the records, then take the pushed pages
        and the HIP's notify. A refused request is listened to only long enough to see nothing comes."""
        keys = generate_key_material()
        # v3 requests carry the raw point ABDM recommends, v0.5 the X.509 form the sandbox HIU sends.
        public_key = keys.public_key if self.api.version == "v3" else keys.x509_public_key
        if tampered_key:  # the point's last byte changed: no longer on the curve
            raw = bytearray(base64.b64decode(public_key))
            raw[-1] ^= 0x01
            public_key = base64.b64encode(bytes(raw)).decode()
        expiry = datetime.now(timezone.utc) + timedelta(hours=1)
        transaction_id = str(uuid.uuid4())
        body = protocol.hi_request_body(
            transaction_id,
            consent.id,
            date_from,
            date_to,
            self.target.gateway_url + protocol.DATA_PUSH_PATH,
            protocol.key_material_body(public_key, keys.nonce, expiry),
        )
        started = time.monotonic()
        first_seq = len(self.exchanges)
        request = await self.converse("hi-request", body)
        acknowledged = request.callback is not None and not protocol.error_in(request.callback.request_json)
        timeouts = self.target.timeouts
        deadline = started + (timeouts.transfer_seconds if acknowledged else timeouts.silence_seconds)

        # A page or notify naming an earlier transfer is that transfer's late traffic; any other is this one's,
        # a mislabelled one included, so that the checks judge its transactionId instead of waiting it out.
        earlier, self._transfer_ids = set(self._transfer_ids), self._transfer_ids | {transaction_id}

        def of_this_transfer(message: str) -> Callable[[Exchange], bool]:
            return lambda e: e.message == message and _transfer_named(e) not in earlier

        pushes = await self._gather(first_seq, of_this_transfer("data-push"), _all_pages_in, deadline)
        notifies = await self._gather(first_seq, of_this_transfer("hi-notify"), bool, deadline if acknowledged else 0)
        return Transfer(
            request=request,
            transaction_id=transaction_id,
            hiu_keys=keys,
            pushes=pushes,
            notify=notifies[0] if notifies else None,
            deadline_seconds=deadline - started,
        )

    async def _gather(
        self,
        first_seq: int,
        wanted: Callable[[Exchange], bool],
        complete: Callable[[list[Exchange]], bool],
        deadline: float,
    ) -> list[Exchange]:
        """Exchanges from the app since `first_seq` that are `wanted`, once `complete` or at the deadline."""
        while True:
            # Only calls already answered: one still being read has no ids yet, nor the gateway's answer.
            found = [
                e
                for e in self.exchanges[first_seq:]
                if e.direction is Direction.FROM_APP and e.status is not None and wanted(e)
            ]
            remaining = deadline - time.monotonic()
            if complete(found) or remaining <= 0:
                return found
            try:
                await asyncio.wait_for(self._arrival.wait(), remaining)
            except TimeoutError:
                pass

    async def converse(
        self, message: str, body: dict[str, Any], credential: Credential = Credential.GATEWAY
    ) -> Interaction:
        """Send a request to the app and wait for the callback that answers it.

        When the call should be refused (no valid token) the wait is only as long as
        it takes to be sure no callback comes.
        """
        callback = self.api.callback_for(message)
        request_id = str(uuid.uuid4())
        waiter = _Waiter(callback, request_id, asyncio.get_running_loop().create_future())
        self._waiters.append(waiter)  # before sending: an in-process app calls back before it answers
        first_seq = len(self.exchanges)
        try:
            request = await self.send(message, body, credential, request_id)
            acknowledged = request.status is not None and 200 <= request.status < 300
            if credential is not Credential.GATEWAY:
                deadline = self.target.timeouts.silence_seconds
            elif acknowledged:
                deadline = self.target.timeouts.callback_seconds
            else:
                deadline = 0.0  # an app that refused or failed the request will not call back
            try:
                answer = await asyncio.wait_for(asyncio.shield(waiter.future), deadline) if deadline else None
            except TimeoutError:
                answer = None
            if answer is None and waiter.future.done():
                answer = waiter.future.result()
            refused = [e for e in self.exchanges[first_seq:] if e.direction is Direction.FROM_APP and e.gateway_error]
            return Interaction(request, callback, answer, deadline, refused)
        finally:
            self._waiters.remove(waiter)

    # ---- gateway → app ----

    async def send(
        self,
        message: str,
        body: dict[str, Any],
        credential: Credential = Credential.GATEWAY,
        request_id: str | None = None,
    ) -> Exchange:
        """One gateway→app request and the app's immediate answer, recorded."""
        request_id = request_id or str(uuid.uuid4())
        if message in protocol.HIU_BRIDGE_MESSAGES:
            if self.target.hiu is None:
                raise ValueError(f"{message} is for an HIU, and the target file names none")
            bridge_url, headers = self.target.hiu.bridge_url, {"X-HIU-ID": self.target.hiu.hiu_id}
        else:
            bridge_url, headers = self.target.bridge_url, {"X-HIP-ID": self.target.hip_id}
        headers["Content-Type"] = "application/json"
        if credential is Credential.GATEWAY:
            headers["Authorization"] = f"Bearer {self.tokens.gateway_token()}"
        elif credential is Credential.FORGED:
            headers["Authorization"] = f"Bearer {self.tokens.forged_gateway_token()}"
        if self.api.ids_in_body:
            body = {"requestId": request_id, "timestamp": protocol.utc_timestamp(), **body}
        else:
            headers.update({"REQUEST-ID": request_id, "TIMESTAMP": protocol.utc_timestamp()})
        for path in (self.api.bridge_paths[message], *self.api.other_bridge_paths.get(message, ())):
            exchange = self._record(
                direction=Direction.TO_APP,
                api_version=self.api.version,
                message=message,
                method="POST",
                url=bridge_url + path,
                request_headers=headers,
                request_text=json.dumps(body),
                request_id=request_id,
            )
            await self._post(exchange)
            if exchange.status != 404:  # an app that has no such path may serve another one NHA documents
                break
        return exchange

    async def _post(self, exchange: Exchange) -> None:
        """POST a recorded request to the app and record its answer, or why there was none."""
        started = time.monotonic()
        try:
            async with self._http().stream(
                exchange.method, exchange.url, content=exchange.request_text or None, headers=exchange.request_headers
            ) as response:
                exchange.status = response.status_code
                exchange.response_headers = dict(response.headers)
                exchange.response_text = await _read_capped(response.aiter_bytes(), "the app's answer")
        except httpx.TimeoutException:
            exchange.transport_error = f"the app did not answer within {self.target.timeouts.http_seconds:g} s"
        except httpx.HTTPError as error:
            exchange.transport_error = f"cannot reach the app at {exchange.url}: {error or type(error).__name__}"
        except _BodyTooLarge as error:
            exchange.transport_error = str(error)
        except _BodyNotUtf8 as error:
            exchange.response_text = error.text
            exchange.transport_error = str(error)
        exchange.elapsed_ms = (time.monotonic() - started) * 1000

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.target.timeouts.http_seconds)
        return self._client

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    # ---- app → gateway ----

    async def _receive(self, request: Request) -> Response:
        started = time.monotonic()
        api, message = self._identify(request.url.path)
        exchange = self._record(
            direction=Direction.FROM_APP,
            api_version=api.version,
            message=message or "unknown",
            method=request.method,
            url=str(request.url),
            request_headers=dict(request.headers),
            request_text="",
        )
        try:
            exchange.request_text = await _read_capped(request.stream(), "the app's request body")
            if message is not None:
                exchange.message = message = protocol.notify_message(message, exchange.request_json)
            response = self._answer(api, message, request.method, exchange)
        except _BodyTooLarge as error:
            exchange.transport_error = str(error)
            response = self._refuse(api, exchange, Refusal(413, "ABDM-1006", str(error)))
        except _BodyNotUtf8 as error:
            exchange.request_text = error.text
            response = self._refuse(api, exchange, Refusal(400, "ABDM-1006", str(error)))
        except Exception as error:  # an app's input must never earn a 5xx; a fault of the simulator is logged
            logger.exception("the simulated gateway failed on %s %s", request.method, request.url.path)
            reason = f"Bad Request, invalid request Body ({type(error).__name__})"
            response = self._refuse(api, exchange, Refusal(400, "ABDM-1006", reason))
        exchange.status = response.status_code
        exchange.response_headers = dict(response.headers)
        exchange.response_text = _as_text(response.body, response.media_type)
        exchange.elapsed_ms = (time.monotonic() - started) * 1000
        if message in protocol.CALLBACKS:
            self._deliver(exchange)
        self._pulse()
        return response

    @property
    def _arrival(self) -> asyncio.Event:
        """An event set by the next call from the app (created on the simulator's own loop)."""
        if self._arrivals is None:
            self._arrivals = asyncio.Event()
        return self._arrivals

    def _pulse(self) -> None:
        if self._arrivals is not None:
            self._arrivals.set()
            self._arrivals = None

    def _identify(self, path: str) -> tuple[Api, str | None]:
        if path == protocol.DATA_PUSH_PATH:
            return self.api, "data-push"
        if path.startswith(ABHA_BASE_PATH + "/"):
            return self.api, ABHA_MESSAGE + path.removeprefix(ABHA_BASE_PATH)
        for api in APIS.values():
            if message := api.gateway_message(path):
                return api, message
        return self.api, None

    def _is_session_token(self, token: str) -> bool:
        try:
            self.tokens.verify(token, TokenKind.ACCESS)
        except InvalidToken:
            return False
        return True

    def _answer(self, api: Api, message: str | None, method: str, exchange: Exchange) -> Response:
        if message is not None and message.startswith(ABHA_MESSAGE):  # the ABHA service, not the gateway
            path = urlsplit(exchange.url).path.removeprefix(ABHA_BASE_PATH)
            abha = self.abha.handle(method, path, exchange.request_headers, exchange.request_text.encode())
            return Response(abha.body, status_code=abha.status, media_type=abha.content_type)
        if message == "certs" and method == "GET":
            return JSONResponse(self.tokens.jwks())
        if message == "openid-configuration" and method == "GET":
            jwks_uri = self.target.gateway_url + api.gateway_prefix + api.gateway_paths["certs"]
            return JSONResponse({"issuer": self.tokens.issuer, "jwks_uri": jwks_uri})
        if message is None or method != "POST":
            return self._refuse(
                api, exchange, Refusal(404, "ABDM-9999", f"No such gateway API: {method} {exchange.url}")
            )
        body = exchange.request_json
        if message == "session":
            return self._open_session(api, exchange, body)
        if message == "data-push":  # the HIU's own endpoint: no gateway rules, only a JSON body
            if not isinstance(body, dict):
                return self._refuse(api, exchange, Refusal(400, "ABDM-1006", "Request body must be a JSON object"))
            return Response(status_code=202)
        exchange.request_id = protocol.request_id_of_body(body) if api.ids_in_body else exchange.header("REQUEST-ID")
        exchange.answers_request_id = protocol.answered_request_id(api, body)
        refusal = self._gateway_rules(api, exchange, body)
        if refusal:
            return self._refuse(api, exchange, refusal)
        if message in protocol.APP_REQUESTS and exchange.request_id:
            body = self._answer_app_request(api, message, exchange)
            self._answers[exchange.request_id] = asyncio.get_running_loop().create_task(
                self.send(api.callback_for(message), protocol.answering(api, body, exchange.request_id))
            )
        return Response(status_code=202)

    def _answer_app_request(self, api: Api, message: str, exchange: Exchange) -> dict[str, Any]:
        """The body of the gateway's callback to an app's request, from whichever part of ABDM answers it."""
        if message == "sms-notify":
            return protocol.sms_notified_body(api)
        if message in LinkingAuthority.MESSAGES:
            return self.linking.answer(api, message, exchange)
        return self.consents.answer(api, message, exchange)

    def _gateway_rules(self, api: Api, exchange: Exchange, body: Any, needs_token: bool = True) -> Refusal | None:
        return refuse_call(
            api,
            exchange.request_headers,
            body,
            cm_id=self.target.cm_id,
            tokens=self.tokens,
            seen_request_ids=self._seen_request_ids,
            needs_token=needs_token,
        )

    def _open_session(self, api: Api, exchange: Exchange, body: Any) -> JSONResponse:
        if api.version == "v3":  # v0.5 sessions carry no ids and no headers of their own
            if refusal := self._gateway_rules(api, exchange, body, needs_token=False):
                return self._refuse(api, exchange, refusal)
        if not isinstance(body, dict) or not all(isinstance(body.get(k), str) for k in ("clientId", "clientSecret")):
            reason = "clientId and clientSecret must be given as strings"
            return self._refuse(api, exchange, Refusal(400, "ABDM-1006", reason))
        secrets = {c.client_id: c.client_secret for c in self.target.clients}
        client_id = body["clientId"]
        if client_id not in secrets or body["clientSecret"] != secrets[client_id]:
            # NHA's v3 gateway errors page: ABDM-1923 "Invalid client id and secret"
            return self._refuse(api, exchange, Refusal(401, "ABDM-1923", "Invalid client id and secret"))
        session = self.tokens.open_session(client_id)
        return JSONResponse(
            {
                "accessToken": session.access_token,
                "expiresIn": session.expires_in,
                "refreshExpiresIn": session.refresh_expires_in,
                "refreshToken": session.refresh_token,
                "tokenType": "bearer",
            }
        )

    @staticmethod
    def _refuse(api: Api, exchange: Exchange, refusal: Refusal) -> JSONResponse:
        exchange.gateway_error = refusal.to_dict()
        return JSONResponse(refusal.body(api), status_code=refusal.status)

    def _deliver(self, callback: Exchange) -> None:
        """Hand a callback to the step waiting for it: by correlation id, else the only one waiting.

        A callback with a wrong correlation id still wakes the lone waiter, so the step
        fails at once naming the wrong id instead of running into its deadline.
        """
        waiting = [w for w in self._waiters if w.callback == callback.message and not w.future.done()]
        waiter = next((w for w in waiting if w.request_id == callback.answers_request_id), None)
        if waiter is None and len(waiting) == 1:
            waiter = waiting[0]
        if waiter is not None:  # an unexpected callback stays in the evidence, answering nobody
            waiter.future.set_result(callback)

    def _record(self, **fields: Any) -> Exchange:
        exchange = Exchange(seq=len(self.exchanges) + 1, **fields)
        self.exchanges.append(exchange)
        return exchange


def _transfer_named(exchange: Exchange) -> Any:
    """The transactionId a data push (at its top) or a health-information notify (in its notification) names."""
    body = exchange.request_json
    return protocol.get(body, "transactionId") or protocol.get(body, "notification", "transactionId")


def _all_pages_in(pushes: list[Exchange]) -> bool:
    counts = {protocol.get(p.request_json, "pageCount") for p in pushes}
    pages = {protocol.get(p.request_json, "pageNumber") for p in pushes}
    return len(counts) == 1 and isinstance(count := counts.pop(), int) and len(pages) >= count


def _as_text(body: bytes, media_type: str | None) -> str:
    """The answer as the evidence shows it: text as text, an image (an ABHA card) by its size."""
    if media_type and media_type.startswith("image/"):
        return f"<{len(body)} bytes of {media_type}>"
    return body.decode("utf-8", errors="replace")


class _BodyTooLarge(Exception):
    pass


class _BodyNotUtf8(Exception):
    """JSON on the wire is UTF-8 (RFC 8259 §8.1); the body, with replacement characters, stays in the evidence."""

    def __init__(self, reason: str, text: str):
        super().__init__(reason)
        self.text = text


async def _read_capped(chunks: AsyncIterator[bytes], what: str) -> str:
    parts, size = [], 0
    async for chunk in chunks:
        size += len(chunk)
        if size > MAX_RECORDED_BODY:
            raise _BodyTooLarge(f"{what} is larger than {MAX_RECORDED_BODY} bytes")
        parts.append(chunk)
    body = b"".join(parts)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        reason = f"{what} is not UTF-8: byte 0x{body[error.start]:02x} at offset {error.start}"
        raise _BodyNotUtf8(reason, body.decode("utf-8", errors="replace")) from None
