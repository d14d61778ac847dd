"""The reference HIU's bridge and data push, in ABDM v3 and v0.5 at once.

The HIU finds patients (v0.5), requests consent and follows its status. When consent is
granted it fetches each artefact, uses only one granted to this HIU, and requests the
data with fresh key material. HIPs push the encrypted records to /data/push, with their
gateway session token; the HIU decrypts and keeps them while the consent lasts (until it is
revoked or expires, or its dataEraseAt passes), and tells the gateway what it received.

Every bridge endpoint checks that the gateway sent the request, reads the body, answers
202 at once and does the work in a background task, in the API version of the request.
A request it will not act on is answered with an error status and never acted on.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reference_apps.common import fidelius
from reference_apps.common.background import accepted, logging_failures
from reference_apps.common.bridge import BridgeAdmission, Message, Refusal, refusal_response
from reference_apps.common.defects import Defects
from reference_apps.common.gateway import GatewayClient, GatewayError
from reference_apps.common.headers import new_request_id
from reference_apps.common.problems import MALFORMED_REQUEST, Problem
from reference_apps.hiu import driver
from reference_apps.hiu.data_push import RECEIVED, Page, open_page, read_page
from reference_apps.hiu.defects import DEFECTS
from reference_apps.hiu.problems import CONSENT_EXPIRED, CONSENT_NOT_GRANTED, UNKNOWN_TRANSACTION, WRONG_HIU
from reference_apps.hiu.quirks import QUIRKS
from reference_apps.hiu.settings import DEFAULT_CONFIG, Settings, load_settings
from reference_apps.hiu.store import (
    DENIED,
    EXPIRED,
    FAILED,
    GRANTED,
    REJECTED,
    REQUESTED,
    REVOKED,
    Artefact,
    ArtefactDetail,
    ConsentRequest,
    DataRequest,
    DateRange,
    PatientLookup,
    Record,
    Store,
    Transfer,
)
from reference_apps.hiu.versions import (
    VERSIONS,
    ApiVersion,
    ConsentAsk,
    ConsentNotification,
    ConsentRequestCreated,
    ConsentRequestStatus,
    DataRequestAnswer,
    EntryStatus,
    FetchedArtefact,
    PatientAnswer,
    key_material,
)

logger = logging.getLogger("reference_apps.hiu")

# How long the HIU's key for a transfer is offered: ABDM's test case gives a HIP 2 hours to push.
KEY_VALIDITY = timedelta(hours=2)
SLOW_FETCH_SECONDS = 3.0  # slow_fetch: the longest a granted artefact waits for the next notification


def create_app(
    config: str | os.PathLike[str] | None = None, defects: Iterable[str] = (), quirks: Iterable[str] = ()
) -> Starlette:
    """The HIU as an ASGI app, configured by hiu.toml (the bundled one when config is None)."""
    switches = Defects(DEFECTS, defects)
    settings = load_settings(DEFAULT_CONFIG if config is None else config)
    hiu = ReferenceHiu(settings, switches, Store(), Defects(QUIRKS, quirks))
    app = Starlette(routes=hiu.routes() + driver.routes(hiu), exception_handlers={Refusal: refusal_response})
    app.state.hiu = hiu
    return app


class ReferenceHiu:
    def __init__(self, settings: Settings, defects: Defects, store: Store, quirks: Defects | None = None):
        self.settings = settings
        self.defects = defects
        self.quirks = quirks or Defects(QUIRKS)
        self.store = store
        self._notified = asyncio.Event()  # slow_fetch: set by the next consent notification, then renewed
        self._deferred: set[asyncio.Task[None]] = set()  # slow_fetch's fetches, kept from the garbage collector
        self.gateway = GatewayClient(settings, {"X-HIU-ID": settings.hiu_id})
        self._bridge = BridgeAdmission(settings, "HIU", settings.hiu_id, WRONG_HIU)
        self._reused_keys: tuple[fidelius.KeyPair, bytes] | None = None  # only for reuses_key_material

    def routes(self) -> list[Route]:
        bridge = [
            Route(path, partial(endpoint, version), methods=["POST"])
            for version in VERSIONS
            for path, endpoint in (
                (version.on_find_path, self.on_find),
                (version.on_consent_init_path, self.on_consent_init),
                (version.on_consent_status_path, self.on_consent_status),
                (version.consent_notify_path, self.consent_notify),
                (version.on_fetch_path, self.on_fetch),
                (version.on_health_information_request_path, self.on_data_request),
            )
            if path is not None  # an endpoint this version does not have
        ]
        # HIPs push straight to the HIU, not through the gateway, with their own gateway session token.
        return [*bridge, Route("/data/push", self.data_push, methods=["POST"])]

    # ---- what the front desk starts (through the test driver) ----

    async def find_patient(self, version: ApiVersion, abha_address: str) -> None:
        assert version.find_patient_path is not None  # the driver offers find only where it exists
        request_id = new_request_id()
        self.store.patients[abha_address.lower()] = PatientLookup()  # a new find forgets the last answer
        self.store.pending_finds[request_id] = abha_address.lower()
        body = version.patient_query(abha_address, self.settings.hiu_id)
        if self.defects.enabled("find_without_requester"):
            del body["query"]["requester"]
        await self.gateway.send(version, version.find_patient_path, body, request_id=request_id)

    async def request_consent(self, version: ApiVersion, ask: ConsentAsk) -> None:
        if self.defects.enabled("past_data_erase_at"):
            ask = replace(ask, data_erase_at=datetime.now(timezone.utc) - timedelta(days=1))
        if self.defects.enabled("unknown_hi_type"):
            ask = replace(ask, hi_types=tuple("Prescriptions" if t == "Prescription" else t for t in ask.hi_types))
        request = ConsentRequest(
            abha_address=ask.abha_address,
            created_at=datetime.now(timezone.utc),
            date_range=ask.date_range,
            data_erase_at=ask.data_erase_at,
            hi_types=ask.hi_types,
            init_request_id=new_request_id(),
        )
        self.store.consent_requests.append(request)  # filed before sending: on-init may come at once
        try:
            body = version.consent_request(ask, self.settings)
            await self.gateway.send(version, version.consent_init_path, body, request_id=request.init_request_id)
        except (GatewayError, httpx.HTTPError):
            request.status = FAILED
            raise

    async def check_consent_status(self, version: ApiVersion, consent_request_id: str) -> None:
        await self.gateway.send(version, version.consent_status_path, version.consent_status_query(consent_request_id))

    def viewable_records(self, abha_address: str) -> list[Record]:
        """The patient's records the HIU may still show."""
        # Erasure at dataEraseAt is lazy: whatever has passed it is dropped before anything is shown.
        self.store.erase(i for i, artefact in self.store.artefacts.items() if self._past_erase_at(artefact.detail))
        return [record for record in self.store.records if record.abha_address.lower() == abha_address.lower()]

    # ---- bridge endpoints: admit, acknowledge, work later ----

    async def on_find(self, version: ApiVersion, request: Request) -> Response:
        answer, _ = await self._admit(version, request, version.read_patient_answer)
        return accepted(self._record_patient, answer)

    async def on_consent_init(self, version: ApiVersion, request: Request) -> Response:
        created, _ = await self._admit(version, request, version.read_consent_request_created)
        return accepted(self._record_consent_request, created)

    async def on_consent_status(self, version: ApiVersion, request: Request) -> Response:
        status, _ = await self._admit(version, request, version.read_consent_request_status)
        return accepted(self._record_consent_status, status)

    async def consent_notify(self, version: ApiVersion, request: Request) -> Response:
        notification, request_id = await self._admit(version, request, version.read_consent_notification)
        self._notified.set()
        self._notified = asyncio.Event()
        return accepted(self._answer_consent_notification, version, notification, request_id)

    async def on_fetch(self, version: ApiVersion, request: Request) -> Response:
        fetched, _ = await self._admit(version, request, version.read_fetched_artefact)
        return accepted(self._consider_artefact, version, fetched)

    async def on_data_request(self, version: ApiVersion, request: Request) -> Response:
        answer, _ = await self._admit(version, request, version.read_data_request_answer)
        return accepted(self._open_transfer, version, answer)

    async def data_push(self, request: Request) -> Response:
        """A page of a transfer: 202 if the HIU takes it, 400 if it is for no transfer it may receive, 401 if
        the HIP's token is not one the gateway signed (checked with the keys of the transfer's API version)."""
        try:
            page = read_page(json.loads(await request.body()))
        except ValueError as error:
            return _push_refused(Problem(MALFORMED_REQUEST, f"Cannot read the push: {error}"))
        transfer = self.store.transfers.get(page.transaction_id)
        if transfer is None and self.defects.enabled("accepts_wrong_transaction"):
            transfer = self.store.last_transfer()
        if transfer is None:
            return _push_refused(UNKNOWN_TRANSACTION)
        try:  # the HIP's session token has no gateway role: any token the gateway signed will do
            await self._bridge.check_token(transfer.version, request, role=None)
        except Refusal as refusal:
            return _push_refused(refusal.problem, refusal.status)
        if problem := self._push_problem(transfer):
            return _push_refused(problem)
        if page.page_number in transfer.received and not self.defects.enabled("stores_duplicate_pages"):
            return Response(status_code=202)  # a page sent again: already taken, not stored twice
        transfer.received.add(page.page_number)  # before answering, so a concurrent repeat is caught
        transfer.page_count = page.page_count
        return accepted(self._receive_page, transfer, page)

    async def _admit(
        self, version: ApiVersion, request: Request, read: Callable[[Any], Message]
    ) -> tuple[Message, str]:
        """The request's message and id, once it is known to come from the gateway for this HIU."""
        return await self._bridge.admit(version, request, read, check_token=not self.defects.enabled("no_token_check"))

    # ---- patient find and consent request bookkeeping ----

    async def _record_patient(self, answer: PatientAnswer) -> None:
        abha_address = self.store.pending_finds.pop(answer.answering, None)
        if abha_address is None:
            logger.warning("on-find answers %s, a find this HIU did not send", answer.answering)
            return
        self.store.patients[abha_address] = PatientLookup(found=answer.name is not None, name=answer.name)

    async def _record_consent_request(self, created: ConsentRequestCreated) -> None:
        request = self.store.consent_request_sent_as(created.answering)
        if request is None:
            logger.warning("on-init answers %s, a consent request this HIU did not send", created.answering)
            return
        if created.consent_request_id is None:
            request.status = FAILED
            logger.warning("consent request %s refused: %s", created.answering, created.error)
            return
        request.id, request.status = created.consent_request_id, REQUESTED

    async def _record_consent_status(self, status: ConsentRequestStatus) -> None:
        if status.consent_request_id is None or status.status is None:
            logger.warning("consent request status not available: %s", status.error)
            return
        request = self.store.consent_request(status.consent_request_id)
        if request is None:
            logger.warning("on-status names %s, a consent request this HIU did not make", status.consent_request_id)
            return
        self._set_status(request, status.status)
        request.artefact_ids += [i for i in status.artefact_ids if i not in request.artefact_ids]

    def _set_status(self, request: ConsentRequest, status: str) -> None:
        if not self.defects.enabled("status_never_updated"):
            request.status = status

    # ---- consent notifications ----

    async def _answer_consent_notification(
        self, version: ApiVersion, notification: ConsentNotification, request_id: str
    ) -> None:
        # Acknowledged per artefact; a notification naming none (DENIED, EXPIRED) by its consent request.
        named = notification.artefact_ids or (notification.consent_request_id,)
        request = self.store.consent_request(notification.consent_request_id)
        if request is None:  # nothing this HIU asked for: acknowledged as unknown, and nothing done
            await self._acknowledge(version, named, "UNKNOWN", request_id)
            return
        if notification.status == GRANTED:
            await self._granted(version, request, notification.artefact_ids, request_id)
            return
        if notification.status == DENIED:
            self._set_status(request, DENIED)  # nothing was granted: there is nothing to fetch
        elif notification.status == REVOKED:
            erase = not self.defects.enabled("keeps_data_after_revoke")
            self._end(request, notification.artefact_ids, REVOKED, erase=erase)
        elif not self.defects.enabled("keeps_data_after_expiry"):
            # EXPIRED may name the artefacts, or only the consent request: then all of its artefacts.
            self._end(request, notification.artefact_ids or tuple(request.artefact_ids), EXPIRED, erase=True)
        await self._acknowledge(version, named, "OK", request_id)
        if notification.status == DENIED and self.defects.enabled("fetches_after_denial"):
            # The defect: a denied consent request's id taken for an artefact's.
            denied = notification.consent_request_id
            await self.gateway.send(version, version.consent_fetch_path, version.consent_fetch(denied))
            await self._request_data(version, denied, request.date_range)

    async def _granted(
        self, version: ApiVersion, request: ConsentRequest, artefact_ids: tuple[str, ...], request_id: str
    ) -> None:
        self._set_status(request, GRANTED)
        artefacts = []
        for artefact_id in artefact_ids:
            artefact = self.store.artefacts.setdefault(artefact_id, Artefact(artefact_id, request))
            if artefact_id not in request.artefact_ids:
                request.artefact_ids.append(artefact_id)
            artefacts.append(artefact)
        await self._acknowledge(version, artefact_ids, "OK", request_id)
        if self.quirks.enabled("slow_fetch"):  # a task of its own: the notification's answer must not wait for it
            task = asyncio.create_task(self._fetch_later(version, request, artefacts))
            self._deferred.add(task)
            task.add_done_callback(self._deferred.discard)
            return
        await self._fetch_all(version, request, artefacts)

    async def _fetch_later(self, version: ApiVersion, request: ConsentRequest, artefacts: list[Artefact]) -> None:
        try:
            await asyncio.wait_for(self._notified.wait(), SLOW_FETCH_SECONDS)
        except TimeoutError:
            pass
        await self._fetch_all(version, request, artefacts)

    async def _fetch_all(self, version: ApiVersion, request: ConsentRequest, artefacts: list[Artefact]) -> None:
        for artefact in artefacts:  # one artefact the gateway cannot serve must not hold up the others
            if self.defects.enabled("skips_artefact_fetch"):
                await logging_failures(self._request_data, version, artefact.id, request.date_range)
            else:
                await logging_failures(self._fetch, version, artefact)

    def _end(self, request: ConsentRequest, artefact_ids: Iterable[str], status: str, *, erase: bool) -> None:
        """The consent is over for these artefacts of the request: no more data, and (unless a defect
        keeps them) none of what came under them."""
        self._set_status(request, status)
        ended = [self.store.artefacts.get(artefact_id) for artefact_id in artefact_ids]
        ours = [artefact for artefact in ended if artefact is not None and artefact.consent_request is request]
        for artefact in ours:
            artefact.status = status
        if erase:
            self.store.erase(artefact.id for artefact in ours)

    async def _acknowledge(self, version: ApiVersion, consent_ids: Iterable[str], status: str, request_id: str) -> None:
        body = version.consent_acknowledgement(list(consent_ids), status)
        await self.gateway.send_callback(version, version.on_consent_notify_path, body, answering=request_id)

    # ---- artefacts and health-information requests ----

    async def _fetch(self, version: ApiVersion, artefact: Artefact) -> None:
        request_id = new_request_id()
        self.store.pending_fetches[request_id] = artefact
        body = version.consent_fetch(artefact.id)
        await self.gateway.send(version, version.consent_fetch_path, body, request_id=request_id)

    async def _consider_artefact(self, version: ApiVersion, fetched: FetchedArtefact) -> None:
        artefact = self.store.pending_fetches.pop(fetched.answering, None)
        if artefact is None:
            logger.warning("on-fetch answers %s, a fetch this HIU did not send", fetched.answering)
            return
        if reason := self._rejection(artefact, fetched):
            if artefact.status == GRANTED:  # an ended consent keeps its REVOKED or EXPIRED
                artefact.status, artefact.rejection = REJECTED, reason
            logger.warning("consent artefact %s not used: %s", artefact.id, reason)
            return
        assert fetched.detail is not None  # _rejection refuses an artefact that is not GRANTED
        artefact.detail = fetched.detail
        await self._request_data(version, artefact.id, fetched.detail.date_range)

    def _rejection(self, artefact: Artefact, fetched: FetchedArtefact) -> str | None:
        """Why the HIU will not request data under this artefact, or None."""
        if fetched.error is not None:
            return f"the consent manager could not give it: {fetched.error}"
        if fetched.consent_id != artefact.id:
            return f"the consent manager gave artefact {fetched.consent_id} for {artefact.id}"
        if fetched.status != GRANTED or fetched.detail is None:
            return f"the artefact is {fetched.status}, not GRANTED"
        if fetched.hiu_id != self.settings.hiu_id and not self.defects.enabled("trusts_other_hiu_artefact"):
            return f"the artefact grants access to HIU {fetched.hiu_id!r}, not this one"
        if artefact.status != GRANTED:
            return f"the consent was {artefact.status} meanwhile"
        if self._past_erase_at(fetched.detail):
            return "the artefact's dataEraseAt has passed"
        return None

    async def _request_data(self, version: ApiVersion, consent_id: str, date_range: DateRange) -> None:
        keys, nonce = self._key_pair()
        request_id = new_request_id()
        self.store.pending_data_requests[request_id] = DataRequest(consent_id, keys, nonce)
        material = key_material(keys.public_key, _base64(nonce), datetime.now(timezone.utc) + KEY_VALIDITY)
        body = version.health_information_request(consent_id, date_range, self.settings.data_push_url, material)
        await self.gateway.send(version, version.health_information_request_path, body, request_id=request_id)

    def _key_pair(self) -> tuple[fidelius.KeyPair, bytes]:
        """A fresh key pair and nonce: whoever learns one transfer's keys learns no other transfer."""
        if self.defects.enabled("reuses_key_material"):
            if self._reused_keys is None:
                self._reused_keys = fidelius.generate_key_pair(), fidelius.generate_nonce()
            return self._reused_keys
        return fidelius.generate_key_pair(), fidelius.generate_nonce()

    async def _open_transfer(self, version: ApiVersion, answer: DataRequestAnswer) -> None:
        data_request = self.store.pending_data_requests.pop(answer.answering, None)
        if data_request is None:
            logger.warning("on-request answers %s, a request this HIU did not send", answer.answering)
            return
        if answer.transaction_id is None:
            logger.warning("health-information request under %s refused: %s", data_request.consent_id, answer.error)
            return
        self.store.transfers[answer.transaction_id] = Transfer(
            answer.transaction_id, data_request.consent_id, data_request.keys, data_request.nonce, version
        )

    # ---- data push ----

    def _push_problem(self, transfer: Transfer) -> Problem | None:
        """Why the HIU may no longer receive data under the transfer's consent, or None."""
        artefact = self.store.artefacts.get(transfer.consent_id)
        if artefact is None:
            return Problem(CONSENT_NOT_GRANTED, "The transfer's consent artefact was never granted to this HIU")
        if artefact.status == REVOKED and self.defects.enabled("accepts_push_after_revoke"):
            return None
        if artefact.status == EXPIRED or self._past_erase_at(artefact.detail):
            return CONSENT_EXPIRED
        if artefact.status != GRANTED:
            return Problem(CONSENT_NOT_GRANTED, f"The consent artefact is {artefact.status}, not granted")
        return None

    def _past_erase_at(self, detail: ArtefactDetail | None) -> bool:
        """Whether the artefact's dataEraseAt has passed: then its data must go, notified or not."""
        if detail is None or self.defects.enabled("ignores_data_erase_at"):
            return False
        return datetime.now(timezone.utc) >= detail.data_erase_at

    async def _receive_page(self, transfer: Transfer, page: Page) -> None:
        verify_tag = not self.defects.enabled("ignores_gcm_tag")
        outcomes = open_page(page, transfer.keys, transfer.nonce, verify_tag=verify_tag)
        artefact = self.store.artefacts[transfer.consent_id]  # _push_problem saw it
        abha_address = artefact.consent_request.abha_address
        mislabel = artefact.consent_request.hi_types[0] if self.defects.enabled("mislabels_hi_type") else None
        self.store.records += [
            Record(transfer.consent_id, abha_address, o.care_context_reference, mislabel or o.hi_type, o.bundle)
            for o in outcomes
            if o.hi_type is not None and o.bundle is not None  # arrived intact
        ]
        transfer.outcomes += outcomes
        transfer.processed.add(page.page_number)
        if len(transfer.processed) >= transfer.page_count and not transfer.notified:
            transfer.notified = True
            await self._notify_transfer(transfer, artefact)

    async def _notify_transfer(self, transfer: Transfer, artefact: Artefact) -> None:
        if self.defects.enabled("no_transfer_notify"):
            return
        statuses = [
            EntryStatus(o.care_context_reference, o.problem is None, o.problem or RECEIVED) for o in transfer.outcomes
        ]
        if self.defects.enabled("notify_all_ok"):
            statuses = [replace(status, ok=True) for status in statuses]
        version = transfer.version
        body = version.transfer_notification(
            consent_id=transfer.consent_id,
            transaction_id=transfer.transaction_id,
            hiu_id=self.settings.hiu_id,
            hip_id=artefact.detail.hip_id if artefact.detail else None,  # unknown only if never fetched
            statuses=statuses,
            done_at=datetime.now(timezone.utc),
        )
        await self.gateway.send(version, version.health_information_notify_path, body)


def _push_refused(problem: Problem, status: int = 400) -> Response:
    return JSONResponse({"error": {"code": problem.code, "message": problem.message}}, status_code=status)


def _base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
