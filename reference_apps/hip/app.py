"""The reference HIP's bridge: user- and HIP-initiated linking, consent notifications,
health-information transfer and profile share (scan and share), in v3 and v0.5 at once.

Every bridge endpoint checks that the gateway sent the request to this HIP, reads the
body, answers 202 at once and does the work in a background task that ends in a
callback to the gateway, in the API version of the request. A request it will not act
on is answered with an error status and never called back.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import os
import re
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import Any

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reference_apps.common.background import accepted, later
from reference_apps.common.bridge import BridgeAdmission, Message, Refusal, refusal_response
from reference_apps.common.defects import Defects
from reference_apps.common.driver import PREFIX, Action, DriverError, actions_route, api_version
from reference_apps.common.problems import Problem
from reference_apps.hip import sharing
from reference_apps.hip.data_transfer import hiu_key, push_records
from reference_apps.hip.defects import DEFECTS
from reference_apps.hip.gateway_client import GatewayClient
from reference_apps.hip.hip_linking import BadOrder, HipInitiatedLinking, read_order
from reference_apps.hip.matching import DiscoveryQuery, Match, find_patient
from reference_apps.hip.problems import (
    INCORRECT_OTP,
    INVALID_LINK_REFERENCE,
    LINK_NOT_ALLOWED,
    SERVER_ERROR,
    UNKNOWN_TRANSACTION,
    WRONG_HIP,
    Declined,
)
from reference_apps.hip.settings import DEFAULT_CONFIG, Settings, load_settings
from reference_apps.hip.store import Discovery, PendingLink, SmsAcknowledgement, Store, load_patients
from reference_apps.hip.versions import (
    V3,
    VERSIONS,
    ApiVersion,
    Confirmation,
    ConsentNotification,
    HealthInformationRequest,
    LinkRequest,
    PatientStatusChange,
    ProfileShare,
)

OTP_VALIDITY = timedelta(minutes=10)
OTP_ATTEMPTS = 3
TOKEN_VALIDITY = timedelta(minutes=30)  # of a token number handed out for a profile share
SHORT_TOKEN_EXPIRY = timedelta(minutes=5)  # only for the short_token_expiry defect
SLOW_ACK_SECONDS = 3
GARBAGE_CALLBACK = "<html><script>alert(1)</script>oops</html>"
NESTING_DEPTH = 10_000  # far past any parser's recursion limit (Python's is 1,000)
NOT_UTF8_CALLBACK = b'{"transactionId":"\xff\xfe"}'  # bytes 0xFF 0xFE begin no UTF-8 sequence
HUGE_CALLBACK_BYTES = 5_000_000
# Markup, an Aadhaar number, a bearer token and sheer size: what a report must neither run nor leak.
HOSTILE_DISPLAY = (
    "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
    " Aadhaar 2345 6789 0123, Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJlMDAx "
    + "A"
    * 200_000
)

UNKNOWN_ABHA_ADDRESS = "unknown@sbx"  # only for the sms_with_abha_address defect, for a mobile no patient has
MOBILE_NUMBER = re.compile(r"[0-9]{10}")


def create_app(config: str | os.PathLike[str] | None = None, defects: Iterable[str] = ()) -> Starlette:
    """The HIP as an ASGI app, configured by hip.toml (the bundled one when config is None)."""
    switches = Defects(DEFECTS, defects)
    settings = load_settings(DEFAULT_CONFIG if config is None else config)
    hip = ReferenceHip(settings, switches, Store(load_patients(settings.patients)))
    app = Starlette(routes=hip.routes(), exception_handlers={Refusal: refusal_response})
    app.state.hip = hip
    return app


class ReferenceHip:
    def __init__(self, settings: Settings, defects: Defects, store: Store):
        self.settings = settings
        self.defects = defects
        self.store = store
        self.gateway = GatewayClient(settings, defects)
        self.linking = HipInitiatedLinking(settings, defects, store, self.gateway)
        self._bridge = BridgeAdmission(settings, "HIP", settings.hip_id, WRONG_HIP)
        self._driver_actions: dict[str, Action] = {
            "notify-new-record": self._drive_notify_new_record,
            "link-care-contexts": self._drive_link_care_contexts,
            "enter-otp": self._drive_enter_otp,
        }

    def routes(self) -> list[Route]:
        # The no_auth_callback_route defect: the first answer of HIP-initiated linking finds no route.
        unrouted = (
            {path for v in VERSIONS for path in (v.auth_on_init_path, v.on_generate_token_path)}
            if self.defects.enabled("no_auth_callback_route")
            else set()
        )
        bridge = [
            Route(path, partial(endpoint, version), methods=["POST"])
            for version in VERSIONS
            for path, endpoint in (
                (version.discover_path, self.discover),
                (version.link_init_path, self.link_init),
                (version.link_confirm_path, self.link_confirm),
                (version.consent_notify_path, self.consent_notify),
                (version.health_information_request_path, self.health_information_request),
                (version.patient_status_path, self.patient_status_notify),
                (version.profile_share_path, self.profile_share),
                (version.sms_on_notify_path, self.sms_on_notify),
                (version.auth_on_init_path, self.auth_on_init),
                (version.auth_on_confirm_path, self.auth_on_confirm),
                (version.auth_notify_path, self.auth_notify),
                (version.on_generate_token_path, self.on_generate_token),
                (version.on_add_contexts_path, self.on_add_contexts),
            )
            if path is not None and path not in unrouted  # None: an endpoint this version does not have
        ]
        # The test driver: the test build's own control port, so it asks for no gateway token.
        return [
            *bridge,
            actions_route(self._driver_actions),
            Route(PREFIX + "/patients/{abha_address}", self.linked_care_contexts, methods=["GET"]),
        ]

    # ---- bridge endpoints: admit, acknowledge, work later ----

    async def discover(self, version: ApiVersion, request: Request) -> Response:
        query, request_id = await self._admit(version, request, version.read_discovery)
        if self.defects.enabled("server_error"):
            raise Refusal(version, 500, Problem(SERVER_ERROR, "Internal server error"))
        if self.defects.enabled("no_callback"):
            return Response(status_code=202)
        if self.defects.enabled("slow_ack"):
            await asyncio.sleep(SLOW_ACK_SECONDS)  # the defect itself: a bridge that blocks before answering
        return accepted(self._answer_discovery, version, query, request_id)

    async def link_init(self, version: ApiVersion, request: Request) -> Response:
        link_request, request_id = await self._admit(version, request, version.read_link_init)
        return accepted(self._answer_link_init, version, link_request, request_id)

    async def link_confirm(self, version: ApiVersion, request: Request) -> Response:
        confirmation, request_id = await self._admit(version, request, version.read_confirmation)
        return accepted(self._answer_link_confirm, version, confirmation, request_id)

    async def consent_notify(self, version: ApiVersion, request: Request) -> Response:
        notification, request_id = await self._admit(version, request, version.read_consent_notification)
        return accepted(self._answer_consent_notification, version, notification, request_id)

    async def health_information_request(self, version: ApiVersion, request: Request) -> Response:
        hi_request, request_id = await self._admit(version, request, version.read_health_information_request)
        return accepted(self._answer_health_information_request, version, hi_request, request_id)

    async def patient_status_notify(self, version: ApiVersion, request: Request) -> Response:
        change, request_id = await self._admit(version, request, version.read_patient_status)
        return accepted(self._answer_patient_status, version, change, request_id)

    async def profile_share(self, version: ApiVersion, request: Request) -> Response:
        share, request_id = await self._admit(version, request, version.read_profile_share)
        return accepted(self._answer_profile_share, version, share, request_id)

    async def sms_on_notify(self, version: ApiVersion, request: Request) -> Response:
        acknowledgement, _ = await self._admit(version, request, version.read_sms_acknowledgement)
        return accepted(self._record_sms_acknowledgement, acknowledgement)

    async def auth_on_init(self, version: ApiVersion, request: Request) -> Response:
        answer, _ = await self._admit(version, request, version.read_auth_started)
        return accepted(self.linking.auth_started, answer)

    async def auth_on_confirm(self, version: ApiVersion, request: Request) -> Response:
        answer, _ = await self._admit(version, request, version.read_auth_confirmed)
        return accepted(self.linking.auth_confirmed, answer)

    async def auth_notify(self, version: ApiVersion, request: Request) -> Response:
        decision, request_id = await self._admit(version, request, version.read_auth_decision)
        return accepted(self.linking.auth_decided, decision, request_id)

    async def on_generate_token(self, version: ApiVersion, request: Request) -> Response:
        issued, _ = await self._admit(version, request, version.read_link_token)
        return accepted(self.linking.link_token_issued, issued)

    async def on_add_contexts(self, version: ApiVersion, request: Request) -> Response:
        answer, _ = await self._admit(version, request, version.read_link_answer)
        return accepted(self.linking.link_answered, version, answer)

    # ---- the test driver: the harness has the app act as if something happened at the HIS ----

    async def linked_care_contexts(self, request: Request) -> Response:
        """GET /test-driver/patients/{abha_address}: the care contexts linked to it, however they were linked."""
        abha_address = request.path_params["abha_address"]
        linked = sorted(self.store.linked.get(abha_address.lower(), ()))
        return JSONResponse({"abha_address": abha_address, "linked_care_contexts": linked})

    # Each action first reads the body's api_version, the version to act in.

    def _drive_notify_new_record(self, body: dict[str, Any]) -> BackgroundTask:
        version = api_version(body, VERSIONS)
        mobile = body.get("mobile")
        if not isinstance(mobile, str) or not MOBILE_NUMBER.fullmatch(mobile):
            raise DriverError(400, "BAD_REQUEST", "mobile must be 10 digits")
        return later(self._notify_new_record, version, mobile)

    def _drive_link_care_contexts(self, body: dict[str, Any]) -> BackgroundTask:
        """The desk links a patient's care contexts to the ABHA address the patient gives."""
        version = api_version(body, VERSIONS)
        try:
            order = read_order(version, body, self.store)
        except BadOrder as error:
            raise DriverError(400, "BAD_REQUEST", str(error)) from None
        return later(self.linking.start, version, order)

    def _drive_enter_otp(self, body: dict[str, Any]) -> BackgroundTask:
        """The desk types in the OTP the patient reads out."""
        version = api_version(body, VERSIONS)
        abha_address, otp = body.get("abha_address"), body.get("otp")
        if not (isinstance(abha_address, str) and abha_address and isinstance(otp, str) and otp):
            raise DriverError(400, "BAD_REQUEST", "abha_address and otp must be non-empty strings")
        linking = self.linking.take_otp_wait(version, abha_address)
        if linking is None:
            raise DriverError(409, "NO_PENDING_AUTH", f"No OTP authentication is waiting for {abha_address}")
        return later(self.linking.enter_otp, linking, otp)

    async def _admit(
        self, version: ApiVersion, request: Request, read: Callable[[Any], Message]
    ) -> tuple[Message, str]:
        """The request's message and id, once it is known to come from the gateway for this HIP."""
        check_token = not self.defects.enabled("no_token_check")
        return await self._bridge.admit(version, request, read, check_token=check_token)

    # ---- the work behind each endpoint, each ending in a callback ----

    async def _answer_discovery(self, version: ApiVersion, query: DiscoveryQuery, request_id: str) -> None:
        if hostile := self._hostile_on_discover(query.transaction_id):
            content, content_type = hostile
            await self.gateway.send_raw(version, version.on_discover_path, content, content_type)
            return
        match = find_patient(self.store.patients, query)
        if match is None and self.defects.enabled("finds_anyone"):
            match = Match(self.store.patients[0], matched_by=("MOBILE",))
        transaction_id = str(uuid.uuid4()) if self.defects.enabled("new_transaction_id") else query.transaction_id
        if match is None:
            body = version.patient_not_found(transaction_id)
        else:
            # Remembered so that link init can be held to what this discovery offered.
            offered = frozenset(c.reference for c in match.patient.care_contexts)
            self.store.discoveries[query.transaction_id] = Discovery(query.abha_address, match.patient, offered)
            body = self._with_discovery_defects(version, version.patient_found(transaction_id, match))
        await self.gateway.send_callback(version, version.on_discover_path, body, answering=request_id)

    def _hostile_on_discover(self, transaction_id: str) -> tuple[str | bytes, str] | None:
        """The on-discover content and content type a hostile-body defect sends instead of an answer, if one is on."""
        if self.defects.enabled("garbage_callback"):
            return GARBAGE_CALLBACK, "text/html"
        if self.defects.enabled("deep_json_callback"):
            return '{"transactionId":' * NESTING_DEPTH + "null" + "}" * NESTING_DEPTH, "application/json"
        if self.defects.enabled("non_utf8_callback"):
            return NOT_UTF8_CALLBACK, "application/json"
        if self.defects.enabled("huge_callback"):
            # Built when sent, not at import: five megabytes no other run needs.
            body = {"transactionId": transaction_id, "patient": [], "padding": "A" * HUGE_CALLBACK_BYTES}
            return json.dumps(body), "application/json"
        return None

    def _with_discovery_defects(self, version: ApiVersion, body: dict[str, Any]) -> dict[str, Any]:
        """The on-discover body with the missing_display, wrong_count and hostile_display defects applied, if on."""
        entries = body["patient"] if version is V3 else [body["patient"]]
        if self.defects.enabled("hostile_display"):
            for entry in entries:
                for context in entry["careContexts"]:
                    context["display"] = HOSTILE_DISPLAY
        if self.defects.enabled("missing_display"):
            for entry in entries:
                for context in entry["careContexts"]:
                    del context["display"]
        if self.defects.enabled("wrong_count") and version is V3:
            for entry in entries:
                entry["count"] += 1
        return body

    async def _answer_link_init(self, version: ApiVersion, request: LinkRequest, request_id: str) -> None:
        if problem := self._link_problem(request):
            body = version.link_refused(request.transaction_id, problem)
        else:
            patient = self.store.patient(request.patient_reference)
            care_contexts = tuple(self.store.care_context(r) for r in request.care_context_references)
            assert patient is not None and None not in care_contexts  # _link_problem checked both
            link_reference = str(uuid.uuid4())
            pending = PendingLink(
                abha_address=request.abha_address,
                patient=patient,
                care_contexts=care_contexts,
                otp=self.settings.test_otp,  # production: a random OTP, texted to the patient's mobile
                expires_at=datetime.now(timezone.utc) + OTP_VALIDITY,
                attempts_left=OTP_ATTEMPTS,
            )
            self.store.pending_links[link_reference] = pending
            body = version.link_started(request.transaction_id, link_reference, pending.expires_at)
        await self.gateway.send_callback(version, version.on_link_init_path, body, answering=request_id)

    def _link_problem(self, request: LinkRequest) -> Problem | None:
        """Why the HIP will not link what this request names, or None."""
        if self.store.patient(request.patient_reference) is None:
            return Problem(LINK_NOT_ALLOWED, f"Unknown patient referenceNumber {request.patient_reference}")
        if unknown := [r for r in request.care_context_references if self.store.care_context(r) is None]:
            return Problem(LINK_NOT_ALLOWED, f"Unknown care contexts: {', '.join(unknown)}")
        if self.defects.enabled("ignores_unknown_transaction"):
            return None
        discovery = self.store.discoveries.get(request.transaction_id)
        if discovery is None:
            return UNKNOWN_TRANSACTION
        if (
            request.patient_reference != discovery.patient.reference
            or request.abha_address.lower() != discovery.abha_address.lower()
        ):
            return Problem(LINK_NOT_ALLOWED, "This transaction discovered a different patient")
        if not_offered := [r for r in request.care_context_references if r not in discovery.offered]:
            return Problem(LINK_NOT_ALLOWED, f"Care contexts not discovered for this patient: {', '.join(not_offered)}")
        return None

    async def _answer_link_confirm(self, version: ApiVersion, confirmation: Confirmation, request_id: str) -> None:
        body = self._confirm_link(version, confirmation)
        await self.gateway.send_callback(version, version.on_link_confirm_path, body, answering=request_id)

    def _confirm_link(self, version: ApiVersion, confirmation: Confirmation) -> dict[str, Any]:
        pending_links = self.store.pending_links
        link = pending_links.get(confirmation.link_reference)
        if link is None:
            return version.confirmation_refused(Problem(INVALID_LINK_REFERENCE, "Unknown linkRefNumber"))
        if datetime.now(timezone.utc) >= link.expires_at:
            del pending_links[confirmation.link_reference]
            expired = Problem(INVALID_LINK_REFERENCE, "The OTP for this linkRefNumber has expired")
            return version.confirmation_refused(expired)
        if not self._otp_accepted(link, confirmation.otp):
            link.attempts_left -= 1
            if link.attempts_left == 0:  # the patient has to start linking again
                del pending_links[confirmation.link_reference]
            return version.confirmation_refused(INCORRECT_OTP)
        del pending_links[confirmation.link_reference]  # a link reference is single-use
        linked = link.patient.care_contexts if self.defects.enabled("links_unselected_contexts") else link.care_contexts
        self.store.link(link.abha_address, linked)
        return version.linked(link.patient, linked)

    def _otp_accepted(self, link: PendingLink, otp: str) -> bool:
        if self.defects.enabled("accepts_wrong_otp"):
            return True
        return hmac.compare_digest(otp.encode(), link.otp.encode())  # constant time: no timing hints

    async def _answer_consent_notification(
        self, version: ApiVersion, notification: ConsentNotification, request_id: str
    ) -> None:
        if notification.consent is not None:
            if not self.defects.enabled("forgets_granted_consent"):
                self.store.grant(notification.consent)
        elif not self._ignores(notification.status):
            self.store.end_consent(notification.consent_id, notification.status)
        body = version.consent_acknowledged(notification.consent_id)
        await self.gateway.send_callback(version, version.on_consent_notify_path, body, answering=request_id)

    def _ignores(self, consent_status: str) -> bool:
        """Whether a defect has the HIP keep serving a consent despite this notification."""
        return (consent_status == "REVOKED" and self.defects.enabled("serves_after_revoke")) or (
            consent_status == "EXPIRED" and self.defects.enabled("serves_after_expiry")
        )

    async def _answer_health_information_request(
        self, version: ApiVersion, request: HealthInformationRequest, request_id: str
    ) -> None:
        path = version.on_health_information_request_path
        try:
            records = sharing.records_for(request, self.store, self.defects)
            hiu = hiu_key(request.key_material)
        except Declined as declined:  # nothing is pushed
            body = version.health_information_refused(request.transaction_id, declined.problem)
            await self.gateway.send_callback(version, path, body, answering=request_id)
            return
        body = version.health_information_acknowledged(request.transaction_id)
        await self.gateway.send_callback(version, path, body, answering=request_id)
        deliveries = await push_records(request, hiu, records, self.defects, self.settings.http_timeout_seconds)
        if self.defects.enabled("no_transfer_notify"):
            return
        done_at = datetime.now(timezone.utc)
        notification = version.transfer_notification(request, self.settings.hip_id, deliveries, done_at)
        await self.gateway.send(version, version.health_information_notify_path, notification)

    async def _answer_patient_status(self, version: ApiVersion, change: PatientStatusChange, request_id: str) -> None:
        # A patient who opts out takes their ABHA address's links and consents along; a
        # reactivated one links again from scratch.
        if change.status in ("DEACTIVATED", "DELETED") and not self.defects.enabled("keeps_consents_after_optout"):
            self.store.forget(change.abha_address)
        assert version.on_patient_status_path is not None  # only versions with the notification route here
        body = version.patient_status_acknowledged()
        await self.gateway.send_callback(version, version.on_patient_status_path, body, answering=request_id)

    async def _answer_profile_share(self, version: ApiVersion, share: ProfileShare, request_id: str) -> None:
        # Scan and share registers whoever shares, known to the HIP or not, and queues them at the counter.
        self.store.register(share.profile)
        token = self.store.token(share.counter, share.profile.abha_address, datetime.now(timezone.utc), TOKEN_VALIDITY)
        number = "1" if self.defects.enabled("same_token_number") else token.number
        expiry = SHORT_TOKEN_EXPIRY if self.defects.enabled("short_token_expiry") else TOKEN_VALIDITY
        body = version.profile_shared(share, number, int(expiry.total_seconds()))
        await self.gateway.send_callback(version, version.on_profile_share_path, body, answering=request_id)

    async def _notify_new_record(self, version: ApiVersion, mobile: str) -> None:
        # A new record for someone known only by mobile: the consent manager texts them a deep
        # link, and their PHR app then discovers the record here.
        phone_no = f"+91-{mobile}"
        if self.defects.enabled("sms_with_abha_address"):
            patient = self.store.patient_by_mobile(mobile)
            phone_no = patient.abha_address if patient is not None else UNKNOWN_ABHA_ADDRESS
        await self.gateway.send_sms_notify(version, phone_no)

    async def _record_sms_acknowledgement(self, acknowledgement: SmsAcknowledgement) -> None:
        self.store.sms_acknowledgements[acknowledgement.answering] = acknowledgement
