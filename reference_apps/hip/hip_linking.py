"""HIP-initiated linking (ABDM M2, HIP_INTI_LINK_201–506): the desk links some of a patient's care
contexts to the ABHA address the patient presents, in v0.5 and v3.

v0.5 first has the gateway authenticate the patient (users/auth): by an OTP the patient reads
out to the desk (MOBILE_OTP, AADHAAR_OTP), by the demographics the patient gave (DEMOGRAPHICS),
or by the patient approving the request in their PHR app (DIRECT, announced by users/auth/notify).
That earns an access token, good for one add-contexts. v3 asks generate-token for a link token
whatever the method, keeps it for further links of the same ABHA address until it expires, and
links with it in X-LINK-TOKEN; a token the gateway no longer honours (ABDM-1026) is replaced once.

Every step is a call the gateway answers later on the bridge. The link waits in the store under
the call's request id, put there before the call goes out so that even a prompt answer finds it.
An answer to no call of the HIP's is ignored; a gateway error ends the link with nothing linked.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx

from reference_apps.common.defects import Defects
from reference_apps.common.gateway import GatewayError
from reference_apps.common.problems import Problem
from reference_apps.hip.gateway_client import GatewayClient
from reference_apps.hip.settings import Settings
from reference_apps.hip.store import Demographics, HipLinking, LinkOrder, LinkToken, Store
from reference_apps.hip.versions import (
    V05,
    V3,
    ApiVersion,
    AuthConfirmed,
    AuthDecision,
    AuthStarted,
    LinkAnswer,
    LinkTokenIssued,
)

logger = logging.getLogger("reference_apps.hip")

OTP_METHODS = ("MOBILE_OTP", "AADHAAR_OTP")
METHODS = (*OTP_METHODS, "DIRECT", "DEMOGRAPHICS")
ABHA_NUMBER = re.compile(r"[0-9]{14}")
LINK_TOKEN_VALIDITY = timedelta(days=180)  # ABDM's six months, rounded down so a token is never used late
INVALID_LINK_TOKEN = "ABDM-1026"
DENIED = Problem("DENIED", "The patient refused the authentication in their PHR app")
# The calls a link waits on the gateway to answer.
AUTH_INIT, AUTH_CONFIRM, GENERATE_TOKEN, LINK = "users/auth/init", "users/auth/confirm", "generate-token", "link"


class BadOrder(ValueError):
    """A test-driver link order the HIP cannot act on."""


def read_order(version: ApiVersion, body: dict[str, Any], store: Store) -> LinkOrder:
    """The test driver's link-care-contexts body; BadOrder says what is wrong with it."""
    method = _field(body, "method", str)
    if method not in METHODS:
        raise BadOrder(f"method must be one of {', '.join(METHODS)}")
    reference = _field(body, "patient_reference", str)
    patient = store.patient(reference)
    if patient is None:
        raise BadOrder(f"Unknown patient_reference {reference!r}")
    references = _field(body, "care_contexts", list)
    if not all(isinstance(r, str) for r in references):
        raise BadOrder("care_contexts must list care-context references")
    theirs = {context.reference: context for context in patient.care_contexts}
    if not_theirs := [r for r in references if r not in theirs]:
        raise BadOrder(f"Not care contexts of {reference}: {', '.join(not_theirs)}")
    abha_number = body.get("abha_number")
    if abha_number is not None:
        abha_number = abha_number.replace("-", "") if isinstance(abha_number, str) else ""
        if not ABHA_NUMBER.fullmatch(abha_number):
            raise BadOrder("abha_number must be 14 digits, hyphens allowed")
    # v3's generate-token and v0.5's demographic authentication send what the patient told the desk.
    needs_demographics = version is V3 or method == "DEMOGRAPHICS"
    return LinkOrder(
        abha_address=_field(body, "abha_address", str),
        abha_number=abha_number,
        method=method,
        patient=patient,
        care_contexts=tuple(theirs[r] for r in dict.fromkeys(references)),
        demographics=_demographics(version, body)
        if needs_demographics or body.get("demographics") is not None
        else None,
    )


def _demographics(version: ApiVersion, body: dict[str, Any]) -> Demographics:
    told = _field(body, "demographics", dict)
    gender = _field(told, "gender", str, "demographics.")
    if gender not in version.genders:
        raise BadOrder(f"demographics.gender must be one of {', '.join(version.genders)} in {version.name}")
    return Demographics(
        name=_field(told, "name", str, "demographics."),
        gender=gender,
        year_of_birth=_field(told, "year_of_birth", int, "demographics."),
    )


def _field(container: dict[str, Any], key: str, kind: type, where: str = "") -> Any:
    value = container.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) or value in ("", [], {}):
        raise BadOrder(f"{where}{key} must be a non-empty {kind.__name__}")
    return value


class HipInitiatedLinking:
    def __init__(self, settings: Settings, defects: Defects, store: Store, gateway: GatewayClient):
        self.settings = settings
        self.defects = defects
        self.store = store
        self.gateway = gateway

    # ---- what the desk does ----

    async def start(self, version: ApiVersion, order: LinkOrder) -> None:
        linking = HipLinking(order)
        if credential := self._held_credential(version, order.abha_address):
            await self._link(version, replace(linking, credential=credential))
        else:
            await self._authenticate(version, linking)

    def take_otp_wait(self, version: ApiVersion, abha_address: str) -> HipLinking | None:
        """The link waiting for this ABHA address's OTP, no longer waiting; None if none is (only v0.5
        authenticates by OTP)."""
        return self.store.awaiting_otp.pop(abha_address.lower(), None) if version is V05 else None

    async def enter_otp(self, linking: HipLinking, otp: str) -> None:
        assert linking.transaction_id is not None  # a link waits for an OTP only once on-init named one
        body = V05.auth_confirmation_by_otp(linking.transaction_id, otp)
        await self._ask(V05, V05.auth_confirm_path, body, linking, AUTH_CONFIRM)

    # ---- the gateway's answers ----

    async def auth_started(self, answer: AuthStarted) -> None:
        linking = self._answered(answer.answering, AUTH_INIT)
        if linking is None:
            return
        if answer.problem is not None:
            await self._authentication_failed(V05, linking, answer.problem)
            return
        transaction_id = answer.transaction_id
        assert transaction_id is not None  # an on-init without a problem names its transaction
        linking = replace(linking, transaction_id=transaction_id)
        method = linking.order.method
        if method in OTP_METHODS:  # the patient reads the OTP out to the desk: the test driver's enter-otp
            self.store.awaiting_otp[linking.order.abha_address.lower()] = linking
            if self.defects.enabled("links_before_otp_confirmed"):
                await self._link(V05, replace(linking, credential=transaction_id))
        elif method == "DIRECT":  # the patient approves in their PHR app: the gateway's users/auth/notify
            self.store.awaiting_approval[transaction_id] = linking
        else:
            body = V05.auth_confirmation_by_demographics(transaction_id, self._told(linking.order))
            await self._ask(V05, V05.auth_confirm_path, body, linking, AUTH_CONFIRM)

    async def auth_confirmed(self, answer: AuthConfirmed) -> None:
        linking = self._answered(answer.answering, AUTH_CONFIRM)
        if linking is None:
            return
        if answer.problem is not None:
            await self._authentication_failed(V05, linking, answer.problem)
        else:
            await self._link(V05, replace(linking, credential=answer.access_token))

    async def auth_decided(self, decision: AuthDecision, request_id: str) -> None:
        linking = self.store.awaiting_approval.pop(decision.transaction_id, None)
        if not self.defects.enabled("no_direct_auth_ack"):
            body = V05.auth_notification_acknowledged()
            await self.gateway.send_callback(V05, V05.auth_on_notify_path, body, answering=request_id)
        if linking is None:
            logger.warning(
                "ignored users/auth/notify of transaction %s, not one awaiting approval", decision.transaction_id
            )
        elif decision.granted:
            await self._link(V05, replace(linking, credential=decision.access_token))
        else:
            await self._authentication_failed(V05, linking, DENIED)

    async def link_token_issued(self, issued: LinkTokenIssued) -> None:
        linking = self.store.answered(issued.answering, GENERATE_TOKEN)
        if linking is None:
            if self.defects.enabled("trusts_unsolicited_link_token") and issued.abha_address and issued.link_token:
                self._keep_link_token(issued.abha_address, issued.link_token)
            else:  # a token the HIP never asked for may be meant for someone else's records
                logger.warning("ignored a link token answering no generate-token of this HIP's: %s", issued.answering)
            return
        if issued.problem is not None:
            await self._authentication_failed(V3, linking, issued.problem)
            return
        assert issued.link_token is not None  # an on-generate-token without a problem carries the token
        self._keep_link_token(linking.order.abha_address, issued.link_token)
        await self._link(V3, replace(linking, credential=issued.link_token))

    async def link_answered(self, version: ApiVersion, answer: LinkAnswer) -> None:
        linking = self._answered(answer.answering, LINK)
        if linking is None:
            return
        order = linking.order
        if answer.problem is None:
            if not self.defects.enabled("forgets_hip_initiated_links"):
                self.store.link(order.abha_address, order.care_contexts)
            if version is V05 and linking.credential and self.defects.enabled("reuses_access_token"):
                self.store.kept_access_tokens[order.abha_address.lower()] = linking.credential
        elif self._renews_link_token(version, linking, answer.problem):
            self.store.link_tokens.pop(order.abha_address.lower(), None)
            await self._authenticate(V3, replace(linking, credential=None, renewed=True))
        else:
            _ended(linking, answer.problem)

    # ---- the steps ----

    def _held_credential(self, version: ApiVersion, abha_address: str) -> str | None:
        """What the HIP may link this ABHA address with again: a v3 link token until it expires, never a
        v0.5 access token, which is single-use (only the reuses_access_token defect keeps one)."""
        if version is V3:
            return self.store.link_token(abha_address, datetime.now(timezone.utc))
        return self.store.kept_access_tokens.get(abha_address.lower())

    async def _authenticate(self, version: ApiVersion, linking: HipLinking) -> None:
        """Ask the gateway to vouch for the patient: v0.5 users/auth/init, v3 generate-token."""
        order = linking.order
        if version is V3:
            body = V3.link_token_request(order.abha_address, order.abha_number, self._told(order))
            path, call = V3.generate_token_path, GENERATE_TOKEN
        else:
            body = V05.auth_init(order.abha_address, order.method, self.settings.hip_id)
            path, call = V05.auth_init_path, AUTH_INIT
        if self.defects.enabled("incomplete_auth_request"):  # drops a field the gateway requires
            if version is V3:
                del body["yearOfBirth"]
            else:
                del body["query"]["requester"]
        await self._ask(version, path, body, linking, call)

    async def _authentication_failed(self, version: ApiVersion, linking: HipLinking, problem: Problem) -> None:
        if self.defects.enabled("ignores_auth_error"):  # links all the same, with whatever it has
            credential = (linking.transaction_id or "none") if version is V05 else None
            await self._link(version, replace(linking, credential=credential))
        else:
            _ended(linking, problem)

    def _renews_link_token(self, version: ApiVersion, linking: HipLinking, problem: Problem) -> bool:
        """Whether a refused link is tried again with a new link token: once, if the token was the problem."""
        if version is not V3 or problem.code != INVALID_LINK_TOKEN or linking.renewed:
            return False
        return not self.defects.enabled("reuses_expired_link_token")

    async def _link(self, version: ApiVersion, linking: HipLinking) -> None:
        body, headers = version.care_contexts_link(linking.order, linking.credential)
        if self.defects.enabled("link_omits_display"):
            for entry in body["patient"] if version is V3 else [body["link"]["patient"]]:
                for context in entry["careContexts"]:
                    del context["display"]
        await self._ask(version, version.add_contexts_path, body, linking, LINK, headers)

    async def _ask(
        self,
        version: ApiVersion,
        path: str,
        body: dict[str, Any],
        linking: HipLinking,
        call: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Make a call the gateway answers on the bridge, the link waiting for the answer from before
        the call goes out."""
        request_id = self.gateway.new_request_id()
        self.store.awaiting_answer[request_id] = (call, linking)
        try:
            await self.gateway.send(version, path, body, request_id=request_id, headers=headers)
        except (GatewayError, httpx.HTTPError):
            self.store.awaiting_answer.pop(request_id, None)  # no answer is coming
            raise

    def _answered(self, request_id: str, call: str) -> HipLinking | None:
        linking = self.store.answered(request_id, call)
        if linking is None:
            logger.warning("ignored an answer to %s %s, not a call of this HIP's awaiting one", call, request_id)
        return linking

    def _told(self, order: LinkOrder) -> Demographics:
        """The demographics the patient told the desk, as sent to the gateway."""
        told = order.demographics
        assert told is not None  # read_order requires them for DEMOGRAPHICS and for every v3 link
        if self.defects.enabled("wrong_demographics"):
            return replace(told, year_of_birth=told.year_of_birth + 1)
        return told

    def _keep_link_token(self, abha_address: str, token: str) -> None:
        expires_at = datetime.now(timezone.utc) + LINK_TOKEN_VALIDITY
        self.store.link_tokens[abha_address.lower()] = LinkToken(token, expires_at)


def _ended(linking: HipLinking, problem: Problem) -> None:
    order = linking.order
    logger.warning(
        "linking %s to %s ended: %s %s", order.patient.reference, order.abha_address, problem.code, problem.message
    )
