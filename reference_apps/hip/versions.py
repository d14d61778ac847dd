"""The two ABDM API versions the HIP serves at once: paths, where ids travel, body shapes.

v3 (HIE-CM) carries REQUEST-ID and TIMESTAMP as headers and a callback answers with
`response.requestId`; v0.5 carries `requestId` and `timestamp` in every body and answers
with `resp.requestId`. v3 lists care contexts in one entry per HI type, v0.5 under a
single patient. Consent and health-information bodies are alike in both, but for where
v3 may put a consent's dataEraseAt; only v0.5 notifies patient status. The v0.5 family's
profile share is its 1.0 variant, the one that hands out a token number. For HIP-initiated
linking v0.5 authenticates the patient through the gateway's users/auth calls and links
with the access token that earns, v3 links with a link token from generate-token. Sources:
the HIP and gateway 0.5 OpenAPI files (ndhm-hip.yml, ndhm-gateway-v1.yml) and NHA's ABDM
wrapper and HIE-CM v3 pages, as summarised in the sandbox documentation.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from reference_apps.common.headers import iso_timestamp
from reference_apps.common.problems import Problem
from reference_apps.common.reading import BadRequest, date_time, one_of, required
from reference_apps.common.versions import V05Conventions, V3Conventions, VersionConventions
from reference_apps.hip.matching import ABHA_ADDRESS, ABHA_NUMBER, MOBILE, MR, DiscoveryQuery, Match
from reference_apps.hip.problems import PATIENT_NOT_FOUND
from reference_apps.hip.store import (
    CareContext,
    Consent,
    ConsentedCareContext,
    DateRange,
    Demographics,
    LinkOrder,
    Patient,
    SharedProfile,
    SmsAcknowledgement,
)

GRANTED = "GRANTED"
CONSENT_STATUSES = (GRANTED, "REVOKED", "EXPIRED", "DENIED", "REQUESTED")
PATIENT_STATUSES = ("DEACTIVATED", "REACTIVATED", "DELETED")
AUTH_DECISIONS = (GRANTED, "DENIED")


@dataclass(frozen=True)
class LinkRequest:
    transaction_id: str
    abha_address: str
    patient_reference: str
    care_context_references: tuple[str, ...]


@dataclass(frozen=True)
class Confirmation:
    link_reference: str
    otp: str


@dataclass(frozen=True)
class ConsentNotification:
    consent_id: str
    status: str
    consent: Consent | None  # the artefact, when GRANTED; other statuses may name only the id


@dataclass(frozen=True)
class KeyMaterial:
    """The HIU's half of the key agreement, as received."""

    crypto_alg: str
    curve: str
    public_key: str  # dhPublicKey.keyValue, base64: a raw point or X.509
    expiry: str  # dhPublicKey.expiry, echoed in the push
    nonce: str  # base64


@dataclass(frozen=True)
class HealthInformationRequest:
    transaction_id: str
    consent_id: str
    date_range: DateRange
    data_push_url: str
    key_material: KeyMaterial


@dataclass(frozen=True)
class Delivery:
    """What became of one care context's record in a transfer."""

    care_context_reference: str
    delivered: bool
    description: str


@dataclass(frozen=True)
class ProfileShare:
    """A patient's profile, shared by scanning the QR code of one of the HIP's counters."""

    counter: str  # v3 metaData.context, v0.5 profile.hipCode
    profile: SharedProfile


@dataclass(frozen=True)
class PatientStatusChange:
    abha_address: str
    status: str  # DEACTIVATED | REACTIVATED | DELETED


@dataclass(frozen=True)
class AuthStarted:
    """v0.5 users/auth/on-init: the authentication transaction the gateway opened, or its error."""

    answering: str  # the requestId of the init
    transaction_id: str | None  # None when the gateway reports a problem
    problem: Problem | None


@dataclass(frozen=True)
class AuthConfirmed:
    """v0.5 users/auth/on-confirm: the access token a link goes with, or the gateway's error."""

    answering: str  # the requestId of the confirm
    access_token: str | None
    problem: Problem | None


@dataclass(frozen=True)
class AuthDecision:
    """v0.5 users/auth/notify: the patient approved (GRANTED) or refused a DIRECT authentication."""

    transaction_id: str
    granted: bool
    access_token: str | None  # with GRANTED


@dataclass(frozen=True)
class LinkTokenIssued:
    """v3 on-generate-token: a link token for an ABHA address, or the gateway's error."""

    answering: str  # the REQUEST-ID of the generate-token
    abha_address: str | None
    link_token: str | None
    problem: Problem | None


@dataclass(frozen=True)
class LinkAnswer:
    """v0.5 on-add-contexts / v3 on_carecontext: whether the care contexts were linked."""

    answering: str  # the request id of the link call
    problem: Problem | None  # None: linked


class ApiVersion(VersionConventions):
    # Paths the gateway calls on the HIP's bridge.
    discover_path: str
    link_init_path: str
    link_confirm_path: str
    consent_notify_path: str
    health_information_request_path: str
    patient_status_path: str | None  # None: this version has no patient-status notification
    profile_share_path: str
    sms_on_notify_path: str
    auth_on_init_path: str | None  # v0.5 users/auth: None in v3, which links with a link token
    auth_on_confirm_path: str | None
    auth_notify_path: str | None
    on_generate_token_path: str | None  # v3 only
    on_add_contexts_path: str
    # Paths on the gateway, under this version's base URL (and those only one version has, in its class).
    on_discover_path: str
    on_link_init_path: str
    on_link_confirm_path: str
    on_consent_notify_path: str
    on_health_information_request_path: str
    health_information_notify_path: str
    on_patient_status_path: str | None
    on_profile_share_path: str
    sms_notify_path: str
    add_contexts_path: str
    sms_statuses: tuple[str, ...]  # what an SMS on-notify may report
    identifier_types: Mapping[str, str]  # identifier type on the wire → matching's identifier kind
    genders: tuple[str, ...]  # the codes a patient's gender may be sent as

    # ---- discovery ----

    def read_discovery(self, body: Any) -> DiscoveryQuery:
        patient = required(body, "patient", dict)
        verified: dict[str, set[str]] = {}
        where = "patient.verifiedIdentifiers[]."
        for identifier in required(patient, "verifiedIdentifiers", list, "patient."):
            kind = self.identifier_types.get(required(identifier, "type", str, where))
            if kind:  # e.g. EMAIL: not something this HIP records
                verified.setdefault(kind, set()).add(required(identifier, "value", str, where))
        # patient.id is the ABHA address the consent manager authenticated the patient under.
        abha_address = required(patient, "id", str, "patient.")
        verified.setdefault(ABHA_ADDRESS, set()).add(abha_address)
        return DiscoveryQuery(
            transaction_id=required(body, "transactionId", str),
            abha_address=abha_address,
            verified=verified,
            name=required(patient, "name", str, "patient."),
            gender=required(patient, "gender", str, "patient."),
            year_of_birth=required(patient, "yearOfBirth", int, "patient."),
        )

    @abstractmethod
    def patient_found(self, transaction_id: str, match: Match) -> dict[str, Any]: ...

    @abstractmethod
    def patient_not_found(self, transaction_id: str) -> dict[str, Any]: ...

    # ---- link init ----

    @abstractmethod
    def read_link_init(self, body: Any) -> LinkRequest: ...

    def link_started(self, transaction_id: str, link_reference: str, otp_expires_at: datetime) -> dict[str, Any]:
        return {
            "transactionId": transaction_id,
            "link": {
                "referenceNumber": link_reference,
                "authenticationType": "MEDIATED",  # the OTP comes back through the consent manager
                "meta": {
                    "communicationMedium": "MOBILE",
                    "communicationHint": "OTP",
                    "communicationExpiry": iso_timestamp(otp_expires_at),
                },
            },
        }

    def link_refused(self, transaction_id: str, problem: Problem) -> dict[str, Any]:
        return {"transactionId": transaction_id, "error": self.error(problem)}

    # ---- link confirm ----

    def read_confirmation(self, body: Any) -> Confirmation:
        confirmation = required(body, "confirmation", dict)
        token = confirmation.get("token")
        if isinstance(token, int) and not isinstance(token, bool):  # NHA's v3 pages type the OTP an integer
            confirmation = {**confirmation, "token": str(token)}
        return Confirmation(
            link_reference=required(confirmation, "linkRefNumber", str, "confirmation."),
            otp=required(confirmation, "token", str, "confirmation."),
        )

    @abstractmethod
    def linked(self, patient: Patient, care_contexts: tuple[CareContext, ...]) -> dict[str, Any]: ...

    def confirmation_refused(self, problem: Problem) -> dict[str, Any]:
        return {"error": self.error(problem)}

    def _matched_by(self, match: Match) -> list[str]:
        wire_type = {kind: wire for wire, kind in self.identifier_types.items()}
        return [wire_type[kind] for kind in match.matched_by]

    # ---- consent notification ----

    def read_consent_notification(self, body: Any) -> ConsentNotification:
        notification = required(body, "notification", dict)
        status = one_of(notification, "status", CONSENT_STATUSES, "notification.")
        consent_id = required(notification, "consentId", str, "notification.")
        consent = None
        if status == GRANTED:
            consent = self._read_consent(consent_id, required(notification, "consentDetail", dict, "notification."))
        return ConsentNotification(consent_id, status, consent)

    def _read_consent(self, consent_id: str, detail: dict[str, Any]) -> Consent:
        where = "notification.consentDetail."
        permission = required(detail, "permission", dict, where)
        hiu = detail.get("hiu")
        return Consent(
            consent_id=consent_id,
            abha_address=required(required(detail, "patient", dict, where), "id", str, where + "patient."),
            care_contexts=tuple(
                ConsentedCareContext(
                    patient_reference=required(context, "patientReference", str, where + "careContexts[]."),
                    care_context_reference=required(context, "careContextReference", str, where + "careContexts[]."),
                )
                for context in required(detail, "careContexts", list, where)
            ),
            hi_types=frozenset(_strings(detail, "hiTypes", where)),
            date_range=_date_range(
                required(permission, "dateRange", dict, where + "permission."), where + "permission."
            ),
            data_erase_at=self._data_erase_at(detail, permission),
            hiu_id=hiu.get("id") if isinstance(hiu, dict) else None,
        )

    def _data_erase_at(self, detail: dict[str, Any], permission: dict[str, Any]) -> datetime:
        return date_time(permission, "dataEraseAt", "notification.consentDetail.permission.")

    def consent_acknowledged(self, consent_id: str) -> dict[str, Any]:
        return {"acknowledgement": {"status": "OK", "consentId": consent_id}}

    # ---- health-information request, transfer and notification ----

    def read_health_information_request(self, body: Any) -> HealthInformationRequest:
        hi_request = required(body, "hiRequest", dict)
        where = "hiRequest."
        key_material = required(hi_request, "keyMaterial", dict, where)
        public_key = required(key_material, "dhPublicKey", dict, where + "keyMaterial.")
        data_push_url = required(hi_request, "dataPushUrl", str, where)
        push_url = urlsplit(data_push_url)
        if push_url.scheme not in ("http", "https") or not push_url.netloc:
            raise BadRequest("hiRequest.dataPushUrl must be an http(s) URL")
        return HealthInformationRequest(
            transaction_id=required(body, "transactionId", str),
            consent_id=required(required(hi_request, "consent", dict, where), "id", str, where + "consent."),
            date_range=_date_range(required(hi_request, "dateRange", dict, where), where),
            data_push_url=data_push_url,
            key_material=KeyMaterial(
                crypto_alg=required(key_material, "cryptoAlg", str, where + "keyMaterial."),
                curve=required(key_material, "curve", str, where + "keyMaterial."),
                public_key=required(public_key, "keyValue", str, where + "keyMaterial.dhPublicKey."),
                expiry=required(public_key, "expiry", str, where + "keyMaterial.dhPublicKey."),
                nonce=required(key_material, "nonce", str, where + "keyMaterial."),
            ),
        )

    def health_information_acknowledged(self, transaction_id: str) -> dict[str, Any]:
        return {"hiRequest": {"transactionId": transaction_id, "sessionStatus": "ACKNOWLEDGED"}}

    def health_information_refused(self, transaction_id: str, problem: Problem) -> dict[str, Any]:
        # v0.5's hiRequest.sessionStatus knows ACKNOWLEDGED only: a refusal is the error alone.
        return {"error": self.error(problem)}

    def transfer_notification(
        self, request: HealthInformationRequest, hip_id: str, deliveries: Sequence[Delivery], done_at: datetime
    ) -> dict[str, Any]:
        return {
            "notification": {
                "consentId": request.consent_id,
                "transactionId": request.transaction_id,
                "doneAt": iso_timestamp(done_at),
                "notifier": {"type": "HIP", "id": hip_id},
                "statusNotification": {
                    "sessionStatus": "TRANSFERRED" if all(d.delivered for d in deliveries) else "FAILED",
                    "hipId": hip_id,
                    "statusResponses": [
                        {
                            "careContextReference": d.care_context_reference,
                            "hiStatus": "DELIVERED" if d.delivered else "ERRORED",
                            "description": d.description,
                        }
                        for d in deliveries
                    ],
                },
            }
        }

    # ---- patient status (v0.5) ----

    def read_patient_status(self, body: Any) -> PatientStatusChange:
        notification = required(body, "notification", dict)
        patient = required(notification, "patient", dict, "notification.")
        return PatientStatusChange(
            abha_address=required(patient, "id", str, "notification.patient."),
            status=one_of(notification, "status", PATIENT_STATUSES, "notification."),
        )

    def patient_status_acknowledged(self) -> dict[str, Any]:
        return {"acknowledgment": {"status": "OK"}}  # sic: this one message spells it without the "e"

    # ---- deep-link SMS notify (HIP_INIT_NOTIFY_HIECM) ----

    @abstractmethod
    def sms_notification(self, phone_no: str, hip_id: str, hip_name: str) -> dict[str, Any]: ...

    @abstractmethod
    def read_sms_acknowledgement(self, body: Any) -> SmsAcknowledgement: ...

    # ---- profile share (scan and share) ----

    @abstractmethod
    def read_profile_share(self, body: Any) -> ProfileShare: ...

    # ---- HIP-initiated linking: the gateway's answers ----

    def read_auth_started(self, body: Any) -> AuthStarted:
        problem = self._reported_problem(body)
        auth = None if problem else required(body, "auth", dict)
        return AuthStarted(
            answering=self._answering(body),
            transaction_id=None if auth is None else required(auth, "transactionId", str, "auth."),
            problem=problem,
        )

    def read_auth_confirmed(self, body: Any) -> AuthConfirmed:
        problem = self._reported_problem(body)
        auth = None if problem else required(body, "auth", dict)
        return AuthConfirmed(
            answering=self._answering(body),
            access_token=None if auth is None else required(auth, "accessToken", str, "auth."),
            problem=problem,
        )

    def read_auth_decision(self, body: Any) -> AuthDecision:
        auth = required(body, "auth", dict)
        granted = one_of(auth, "status", AUTH_DECISIONS, "auth.") == GRANTED
        return AuthDecision(
            transaction_id=required(auth, "transactionId", str, "auth."),
            granted=granted,
            access_token=required(auth, "accessToken", str, "auth.") if granted else None,
        )

    def read_link_token(self, body: Any) -> LinkTokenIssued:
        problem = self._reported_problem(body)
        abha_address = body.get("abhaAddress")
        return LinkTokenIssued(
            answering=self._answering(body),
            abha_address=abha_address if isinstance(abha_address, str) and abha_address else None,
            link_token=None if problem else required(body, "linkToken", str),
            problem=problem,
        )

    def read_link_answer(self, body: Any) -> LinkAnswer:
        return LinkAnswer(answering=self._answering(body), problem=self._reported_problem(body))

    def _answering(self, body: Any) -> str:
        """The id of the HIP's request that a gateway answer names."""
        key = self.correlation_key
        return required(required(body, key, dict), "requestId", str, key + ".")

    def _reported_problem(self, body: Any) -> Problem | None:
        """The error a gateway answer reports, if any: v0.5 codes are numbers, v3's strings."""
        error = body.get("error") if isinstance(body, dict) else None
        if error is None:
            return None
        if not isinstance(error, dict):
            raise BadRequest("error must be an object")
        return Problem(str(error.get("code", "")), str(error.get("message", "")))

    # ---- HIP-initiated linking: the link itself ----

    @abstractmethod
    def care_contexts_link(self, order: LinkOrder, credential: str | None) -> tuple[dict[str, Any], dict[str, str]]:
        """The body of the call that links the order's care contexts, and the headers it adds, for a
        link that goes with this access token (v0.5) or link token (v3)."""

    @abstractmethod
    def profile_shared(self, share: ProfileShare, token_number: str, expiry_seconds: int) -> dict[str, Any]: ...


class V3Api(ApiVersion, V3Conventions):
    discover_path = "/api/v3/hip/patient/care-context/discover"
    link_init_path = "/api/v3/hip/link/care-context/init"
    link_confirm_path = "/api/v3/hip/link/care-context/confirm"
    consent_notify_path = "/api/v3/consent/request/hip/notify"
    health_information_request_path = "/api/v3/hip/health-information/request"
    patient_status_path = None
    profile_share_path = "/api/v3/hip/patient/share"
    sms_on_notify_path = "/api/v3/patients/sms/on-notify"
    auth_on_init_path = None
    auth_on_confirm_path = None
    auth_notify_path = None
    on_generate_token_path = "/api/v3/hip/token/on-generate-token"
    on_add_contexts_path = "/api/v3/link/on_carecontext"
    on_discover_path = "/user-initiated-linking/v3/patient/care-context/on-discover"
    on_link_init_path = "/user-initiated-linking/v3/link/care-context/on-init"
    on_link_confirm_path = "/user-initiated-linking/v3/link/care-context/on-confirm"
    on_consent_notify_path = "/consent/v3/request/hip/on-notify"
    on_health_information_request_path = "/data-flow/v3/health-information/hip/on-request"
    health_information_notify_path = "/data-flow/v3/health-information/notify"
    on_patient_status_path = None
    on_profile_share_path = "/patient-share/v3/on-share"
    sms_notify_path = "/hip/v3/link/patient/links/sms/notify2"
    generate_token_path = "/v3/token/generate-token"
    add_contexts_path = "/hip/v3/link/carecontext"
    sms_statuses = ("SUCCESS", "ERRORED")
    identifier_types = {"ABHA_ADDRESS": ABHA_ADDRESS, "ABHA_NUMBER": ABHA_NUMBER, "MOBILE": MOBILE, "MR": MR}
    genders = ("M", "F", "O", "D", "T", "U")

    def health_information_refused(self, transaction_id: str, problem: Problem) -> dict[str, Any]:
        # NHA's v3 page requires hiRequest even when refusing: ERRORED, beside the error.
        refused = {"transactionId": transaction_id, "sessionStatus": "ERRORED"}
        return {"hiRequest": refused, "error": self.error(problem)}

    def patient_found(self, transaction_id: str, match: Match) -> dict[str, Any]:
        return {
            "transactionId": transaction_id,
            "patient": _by_hi_type(match.patient, match.patient.care_contexts),
            "matchedBy": self._matched_by(match),
        }

    def patient_not_found(self, transaction_id: str) -> dict[str, Any]:
        return {"transactionId": transaction_id, "error": self.error(PATIENT_NOT_FOUND)}

    def read_link_init(self, body: Any) -> LinkRequest:
        entries = required(body, "patient", list)
        patient_references = {required(entry, "referenceNumber", str, "patient[].") for entry in entries}
        if len(patient_references) != 1:
            raise BadRequest("a link request must name exactly one patient referenceNumber")
        care_contexts = [
            required(context, "referenceNumber", str, "patient[].careContexts[].")
            for entry in entries
            for context in required(entry, "careContexts", list, "patient[].")
        ]
        return LinkRequest(
            transaction_id=required(body, "transactionId", str),
            abha_address=required(body, "abhaAddress", str),
            patient_reference=patient_references.pop(),
            care_context_references=tuple(dict.fromkeys(care_contexts)),
        )

    def linked(self, patient: Patient, care_contexts: tuple[CareContext, ...]) -> dict[str, Any]:
        return {"patient": _by_hi_type(patient, care_contexts)}

    def _data_erase_at(self, detail: dict[str, Any], permission: dict[str, Any]) -> datetime:
        # v3 sources disagree: some put dataEraseAt in permission (as v0.5), others in consentDetail.
        if "dataEraseAt" in permission:
            return super()._data_erase_at(detail, permission)
        return date_time(detail, "dataEraseAt", "notification.consentDetail.")

    def sms_notification(self, phone_no: str, hip_id: str, hip_name: str) -> dict[str, Any]:
        return {"notification": {"phoneNo": phone_no, "hip": {"id": hip_id, "name": hip_name}}}

    def read_sms_acknowledgement(self, body: Any) -> SmsAcknowledgement:
        acknowledgement = required(body, "acknowledgement", dict)
        return SmsAcknowledgement(
            answering=required(required(body, "response", dict), "requestId", str, "response."),
            status=one_of(acknowledgement, "status", self.sms_statuses, "acknowledgement."),
            error=body.get("error"),
        )

    def read_profile_share(self, body: Any) -> ProfileShare:
        # NHA documents two v3 shapes: the m2 page "Share HIP patient" (profile.patient, metaData latitude and
        # longitude) and HIE_CM_Profile_Share.yml (the patient at the top, metaData lat and long, intent an object).
        if isinstance(body, dict) and "profile" not in body and "abhaAddress" in body:
            return _read_flat_profile_share(body)
        one_of(body, "intent", ("PROFILE_SHARE",))
        meta = required(body, "metaData", dict)
        required(meta, "hipId", str, "metaData.")
        _coordinates(meta, "metaData.")
        where = "profile.patient."
        patient = required(required(body, "profile", dict), "patient", dict, "profile.")
        required(required(patient, "address", dict, where), "line", str, where + "address.")
        abha_number = patient.get("abhaNumber")
        return ProfileShare(
            counter=required(meta, "context", str, "metaData."),
            profile=SharedProfile(
                abha_address=required(patient, "abhaAddress", str, where),
                abha_number=abha_number if isinstance(abha_number, str) and abha_number else None,
                name=required(patient, "name", str, where),
                gender=required(patient, "gender", str, where),
                year_of_birth=_year(patient, where),
                mobile=required(patient, "phoneNumber", str, where),
            ),
        )

    def profile_shared(self, share: ProfileShare, token_number: str, expiry_seconds: int) -> dict[str, Any]:
        return {
            "acknowledgement": {
                "abhaAddress": share.profile.abha_address,
                "status": "SUCCESS",
                "profile": {"context": share.counter, "tokenNumber": token_number, "expiry": str(expiry_seconds)},
            }
        }

    def link_token_request(
        self, abha_address: str, abha_number: str | None, demographics: Demographics
    ) -> dict[str, Any]:
        """generate-token: the gateway checks the demographics against the ABHA address's before it issues one."""
        return {
            **({"abhaNumber": _as_number(abha_number)} if abha_number else {}),
            "abhaAddress": abha_address,
            "name": demographics.name,
            "gender": demographics.gender,
            "yearOfBirth": demographics.year_of_birth,
        }

    def care_contexts_link(self, order: LinkOrder, credential: str | None) -> tuple[dict[str, Any], dict[str, str]]:
        body = {
            **({"abhaNumber": _as_number(order.abha_number)} if order.abha_number else {}),
            "abhaAddress": order.abha_address,
            "patient": _by_hi_type(order.patient, order.care_contexts, hi_type_key="hiTypes"),
        }
        return body, {"X-LINK-TOKEN": credential} if credential is not None else {}


class V05Api(ApiVersion, V05Conventions):
    discover_path = "/v0.5/care-contexts/discover"
    link_init_path = "/v0.5/links/link/init"
    link_confirm_path = "/v0.5/links/link/confirm"
    consent_notify_path = "/v0.5/consents/hip/notify"
    health_information_request_path = "/v0.5/health-information/hip/request"
    patient_status_path = "/v0.5/patients/status/notify"
    profile_share_path = "/v1.0/patients/profile/share"  # 1.0: the 0.5 share with intent, location and token
    sms_on_notify_path = "/v0.5/patients/sms/on-notify"
    auth_on_init_path = "/v0.5/users/auth/on-init"
    auth_on_confirm_path = "/v0.5/users/auth/on-confirm"
    auth_notify_path = "/v0.5/users/auth/notify"
    on_generate_token_path = None
    on_add_contexts_path = "/v0.5/links/link/on-add-contexts"
    on_discover_path = "/v0.5/care-contexts/on-discover"
    on_link_init_path = "/v0.5/links/link/on-init"
    on_link_confirm_path = "/v0.5/links/link/on-confirm"
    on_consent_notify_path = "/v0.5/consents/hip/on-notify"
    on_health_information_request_path = "/v0.5/health-information/hip/on-request"
    health_information_notify_path = "/v0.5/health-information/notify"
    on_patient_status_path = "/v0.5/patients/status/on-notify"
    on_profile_share_path = "/v1.0/patients/profile/on-share"
    sms_notify_path = "/v0.5/patients/sms/notify2"
    auth_init_path = "/v0.5/users/auth/init"
    auth_confirm_path = "/v0.5/users/auth/confirm"
    auth_on_notify_path = "/v0.5/users/auth/on-notify"
    add_contexts_path = "/v0.5/links/link/add-contexts"
    sms_statuses = ("ACKNOWLEDGED", "ERRORED")
    identifier_types = {"HEALTH_ID": ABHA_ADDRESS, "NDHM_HEALTH_NUMBER": ABHA_NUMBER, "MOBILE": MOBILE, "MR": MR}
    genders = ("M", "F", "O", "U")

    def patient_found(self, transaction_id: str, match: Match) -> dict[str, Any]:
        patient = match.patient
        return {
            "transactionId": transaction_id,
            "patient": {
                "referenceNumber": patient.reference,
                "display": patient.name,
                "careContexts": [_care_context(c) for c in patient.care_contexts],
                "matchedBy": self._matched_by(match),
            },
        }

    def patient_not_found(self, transaction_id: str) -> dict[str, Any]:
        # No patient at all: ndhm-hip.yml's patient is not nullable.
        return {"transactionId": transaction_id, "error": self.error(PATIENT_NOT_FOUND)}

    def read_link_init(self, body: Any) -> LinkRequest:
        patient = required(body, "patient", dict)
        care_contexts = [
            required(context, "referenceNumber", str, "patient.careContexts[].")
            for context in required(patient, "careContexts", list, "patient.")
        ]
        return LinkRequest(
            transaction_id=required(body, "transactionId", str),
            abha_address=required(patient, "id", str, "patient."),
            patient_reference=required(patient, "referenceNumber", str, "patient."),
            care_context_references=tuple(dict.fromkeys(care_contexts)),
        )

    def linked(self, patient: Patient, care_contexts: tuple[CareContext, ...]) -> dict[str, Any]:
        return {
            "patient": {
                "referenceNumber": patient.reference,
                "display": patient.name,
                "careContexts": [_care_context(c) for c in care_contexts],
            }
        }

    def sms_notification(self, phone_no: str, hip_id: str, hip_name: str) -> dict[str, Any]:
        return {"notification": {"phoneNo": phone_no, "hip": {"name": hip_name, "id": hip_id}}}

    def read_sms_acknowledgement(self, body: Any) -> SmsAcknowledgement:
        return SmsAcknowledgement(
            answering=required(required(body, "resp", dict), "requestId", str, "resp."),
            status=one_of(body, "status", self.sms_statuses),
            error=body.get("error"),
        )

    def read_profile_share(self, body: Any) -> ProfileShare:
        required(required(body, "intent", dict), "type", str, "intent.")
        _coordinates(required(body, "location", dict), "location.")
        profile = required(body, "profile", dict)
        where = "profile.patient."
        patient = required(profile, "patient", dict, "profile.")
        return ProfileShare(
            counter=required(profile, "hipCode", str, "profile."),
            profile=SharedProfile(
                abha_address=required(patient, "healthId", str, where),
                abha_number=required(patient, "healthIdNumber", str, where),
                name=required(patient, "name", str, where),
                gender=required(patient, "gender", str, where),
                year_of_birth=required(patient, "yearOfBirth", int, where),
                mobile=None,
            ),
        )

    def profile_shared(self, share: ProfileShare, token_number: str, expiry_seconds: int) -> dict[str, Any]:
        # 1.0 has no expiry field: the token's validity is the HIP's to enforce.
        return {
            "acknowledgement": {
                "status": "SUCCESS",
                "healthId": share.profile.abha_address,
                "tokenNumber": token_number,
            }
        }

    def auth_init(self, abha_address: str, method: str, hip_id: str) -> dict[str, Any]:
        return {
            "query": {
                "id": abha_address,
                "purpose": "LINK",
                "authMode": method,
                "requester": {"type": "HIP", "id": hip_id},
            }
        }

    def auth_confirmation_by_otp(self, transaction_id: str, otp: str) -> dict[str, Any]:
        return {"transactionId": transaction_id, "credential": {"authCode": otp}}

    def auth_confirmation_by_demographics(self, transaction_id: str, demographics: Demographics) -> dict[str, Any]:
        # The desk records only the year of birth the patient gives, so the date is the year's first day.
        demographic = {
            "name": demographics.name,
            "gender": demographics.gender,
            "dateOfBirth": f"{demographics.year_of_birth}-01-01",
        }
        return {"transactionId": transaction_id, "credential": {"demographic": demographic}}

    def auth_notification_acknowledged(self) -> dict[str, Any]:
        return {"acknowledgement": {"status": "OK"}}

    def read_link_answer(self, body: Any) -> LinkAnswer:
        answer = super().read_link_answer(body)
        if answer.problem is None:
            one_of(required(body, "acknowledgement", dict), "status", ("SUCCESS",), "acknowledgement.")
        return answer

    def care_contexts_link(self, order: LinkOrder, credential: str | None) -> tuple[dict[str, Any], dict[str, str]]:
        patient = {
            "referenceNumber": order.patient.reference,
            "display": order.patient.name,
            "careContexts": [_care_context(c) for c in order.care_contexts],
        }
        return {"link": {"accessToken": credential, "patient": patient}}, {}


V3 = V3Api()
V05 = V05Api()
VERSIONS = (V3, V05)


def _care_context(context: CareContext) -> dict[str, str]:
    return {"referenceNumber": context.reference, "display": context.display}


def _by_hi_type(
    patient: Patient, care_contexts: tuple[CareContext, ...], hi_type_key: str = "hiType"
) -> list[dict[str, Any]]:
    """v3's patient list: one entry per HI type, each counting its care contexts. NHA's link/carecontext page
    names the HI type `hiTypes` (a string), its discovery and link-confirm pages `hiType`."""
    groups: dict[str, list[CareContext]] = {}
    for context in care_contexts:
        groups.setdefault(context.hi_type, []).append(context)
    return [
        {
            "referenceNumber": patient.reference,
            "display": patient.name,
            "careContexts": [_care_context(c) for c in members],
            hi_type_key: hi_type,
            "count": len(members),
        }
        for hi_type, members in groups.items()
    ]


def _strings(container: Any, key: str, where: str = "") -> list[str]:
    values = required(container, key, list, where)
    if not all(isinstance(value, str) and value for value in values):
        raise BadRequest(f"{where}{key} must list non-empty strings")
    return values


def _read_flat_profile_share(body: dict[str, Any]) -> ProfileShare:
    """The v3 profile share as HIE_CM_Profile_Share.yml gives it: the counter is intent.context, the gender an
    enum of code and word ("M Male"), the ABHA number a number."""
    intent = required(body, "intent", dict)
    counter = intent.get("context")
    if isinstance(counter, bool) or not isinstance(counter, (str, int, float)) or counter == "":
        raise BadRequest("intent.context must name the counter")
    _coordinates(required(body, "metaData", dict), "metaData.", ("lat", "long"))
    abha_number = body.get("abhaNumber")
    return ProfileShare(
        counter=str(counter),
        profile=SharedProfile(
            abha_address=required(body, "abhaAddress", str),
            abha_number=str(abha_number) if isinstance(abha_number, (str, int)) and abha_number else None,
            name=required(body, "name", str),
            gender=required(body, "gender", str)[:1],
            year_of_birth=_year(body),
            mobile=None,
        ),
    )


def _year(container: Any, where: str = "") -> int:
    """yearOfBirth: NHA's v3 page writes it as text ("1985"), its ymls as an integer."""
    value = container.get("yearOfBirth") if isinstance(container, dict) else None
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return required(container, "yearOfBirth", int, where)


def _coordinates(container: Any, where: str, keys: tuple[str, str] = ("latitude", "longitude")) -> None:
    """Latitude and longitude must be there: numbers, or numbers written as strings."""
    for key in keys:
        value = container.get(key)
        if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not _numeric(value):
            raise BadRequest(f"{where}{key} must be a number")


def _numeric(value: str | int | float) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _date_range(container: dict[str, Any], where: str) -> DateRange:
    return DateRange(
        start=date_time(container, "from", where + "dateRange."), end=date_time(container, "to", where + "dateRange.")
    )


def _as_number(abha_number: str) -> int:
    """v3 generate-token and link/carecontext type abhaNumber a number of 14 digits (NHA's v3 pages)."""
    return int("".join(c for c in abha_number if c.isdigit()))
