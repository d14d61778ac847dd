"""The two ABDM API versions the HIP serves at once: paths, where ids travel, body shapes.

v3 (HIE-CM) carries REQUEST-ID and TIMESTAMP as headers and a callback answers with
`response.requestId`; v0.5 carries `requestId` and `timestamp` in every body and answers
with `resp.requestId`. v3 lists care contexts in one entry per HI type, v0.5 under a
single patient. Sources: the HIP 0.5 OpenAPI file (ndhm-hip.yml) and NHA's ABDM wrapper
and HIE-CM v3 pages, as summarised in the sandbox documentation.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from reference_apps.hip.matching import ABHA_ADDRESS, ABHA_NUMBER, MOBILE, MR, DiscoveryQuery, Match
from reference_apps.hip.problems import PATIENT_NOT_FOUND, Problem
from reference_apps.hip.settings import Settings
from reference_apps.hip.store import CareContext, Patient


class BadRequest(ValueError):
    """A bridge request the HIP cannot read: answered with 400 and no callback."""


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


def iso_timestamp(moment: datetime) -> str:
    """ISO-8601 with milliseconds, UTC written as Z: 2024-01-15T10:30:00.123Z."""
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class ApiVersion(ABC):
    name: str
    # Paths the gateway calls on the HIP's bridge.
    discover_path: str
    link_init_path: str
    link_confirm_path: str
    # Paths on the gateway, under this version's base URL.
    session_path: str
    openid_configuration_path: str
    on_discover_path: str
    on_link_init_path: str
    on_link_confirm_path: str
    ids_in_body: bool  # requestId/timestamp in the body (v0.5) rather than headers (v3)
    correlation_key: str  # the callback object naming the request it answers
    identifier_types: Mapping[str, str]  # identifier type on the wire → matching's identifier kind

    @abstractmethod
    def gateway_base(self, settings: Settings) -> str: ...

    @abstractmethod
    def request_id(self, headers: Mapping[str, str], body: Any) -> str:
        """The id of a bridge request, which its callback must name."""

    @abstractmethod
    def error(self, problem: Problem) -> dict[str, Any]: ...

    # ---- discovery ----

    def read_discovery(self, body: Any) -> DiscoveryQuery:
        patient = _required(body, "patient", dict)
        verified: dict[str, set[str]] = {}
        where = "patient.verifiedIdentifiers[]."
        for identifier in _required(patient, "verifiedIdentifiers", list, "patient."):
            kind = self.identifier_types.get(_required(identifier, "type", str, where))
            if kind:  # e.g. EMAIL: not something this HIP records
                verified.setdefault(kind, set()).add(_required(identifier, "value", str, where))
        # patient.id is the ABHA address the consent manager authenticated the patient under.
        abha_address = _required(patient, "id", str, "patient.")
        verified.setdefault(ABHA_ADDRESS, set()).add(abha_address)
        return DiscoveryQuery(
            transaction_id=_required(body, "transactionId", str),
            abha_address=abha_address,
            verified=verified,
            name=_required(patient, "name", str, "patient."),
            gender=_required(patient, "gender", str, "patient."),
            year_of_birth=_required(patient, "yearOfBirth", int, "patient."),
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
                    "communicationExpiry": iso_timestamp(otp_expires_at.astimezone(timezone.utc)),
                },
            },
        }

    def link_refused(self, transaction_id: str, problem: Problem) -> dict[str, Any]:
        return {"transactionId": transaction_id, "error": self.error(problem)}

    # ---- link confirm ----

    def read_confirmation(self, body: Any) -> Confirmation:
        confirmation = _required(body, "confirmation", dict)
        return Confirmation(
            link_reference=_required(confirmation, "linkRefNumber", str, "confirmation."),
            otp=_required(confirmation, "token", str, "confirmation."),
        )

    @abstractmethod
    def linked(self, patient: Patient, care_contexts: tuple[CareContext, ...]) -> dict[str, Any]: ...

    def confirmation_refused(self, problem: Problem) -> dict[str, Any]:
        return {"error": self.error(problem)}

    def _matched_by(self, match: Match) -> list[str]:
        wire_type = {kind: wire for wire, kind in self.identifier_types.items()}
        return [wire_type[kind] for kind in match.matched_by]


class V3Api(ApiVersion):
    name = "v3"
    discover_path = "/api/v3/hip/patient/care-context/discover"
    link_init_path = "/api/v3/hip/link/care-context/init"
    link_confirm_path = "/api/v3/hip/link/care-context/confirm"
    session_path = "/gateway/v3/sessions"
    openid_configuration_path = "/gateway/v3/.well-known/openid-configuration"
    on_discover_path = "/user-initiated-linking/v3/patient/care-context/on-discover"
    on_link_init_path = "/user-initiated-linking/v3/link/care-context/on-init"
    on_link_confirm_path = "/user-initiated-linking/v3/link/care-context/on-confirm"
    ids_in_body = False
    correlation_key = "response"
    identifier_types = {"ABHA_ADDRESS": ABHA_ADDRESS, "ABHA_NUMBER": ABHA_NUMBER, "MOBILE": MOBILE, "MR": MR}

    def gateway_base(self, settings: Settings) -> str:
        return settings.gateway_v3_base

    def request_id(self, headers: Mapping[str, str], body: Any) -> str:
        if not (request_id := headers.get("REQUEST-ID")):
            raise BadRequest("REQUEST-ID header is missing")
        return request_id

    def error(self, problem: Problem) -> dict[str, Any]:
        return {"code": problem.code, "message": problem.message}

    def patient_found(self, transaction_id: str, match: Match) -> dict[str, Any]:
        return {
            "transactionId": transaction_id,
            "patient": _by_hi_type(match.patient, match.patient.care_contexts),
            "matchedBy": self._matched_by(match),
        }

    def patient_not_found(self, transaction_id: str) -> dict[str, Any]:
        return {"transactionId": transaction_id, "error": self.error(PATIENT_NOT_FOUND)}

    def read_link_init(self, body: Any) -> LinkRequest:
        entries = _required(body, "patient", list)
        patient_references = {_required(entry, "referenceNumber", str, "patient[].") for entry in entries}
        if len(patient_references) != 1:
            raise BadRequest("a link request must name exactly one patient referenceNumber")
        care_contexts = [
            _required(context, "referenceNumber", str, "patient[].careContexts[].")
            for entry in entries
            for context in _required(entry, "careContexts", list, "patient[].")
        ]
        return LinkRequest(
            transaction_id=_required(body, "transactionId", str),
            abha_address=_required(body, "abhaAddress", str),
            patient_reference=patient_references.pop(),
            care_context_references=tuple(dict.fromkeys(care_contexts)),
        )

    def linked(self, patient: Patient, care_contexts: tuple[CareContext, ...]) -> dict[str, Any]:
        return {"patient": _by_hi_type(patient, care_contexts)}


class V05Api(ApiVersion):
    name = "v0.5"
    discover_path = "/v0.5/care-contexts/discover"
    link_init_path = "/v0.5/links/link/init"
    link_confirm_path = "/v0.5/links/link/confirm"
    session_path = "/v0.5/sessions"
    openid_configuration_path = "/v0.5/.well-known/openid-configuration"
    on_discover_path = "/v0.5/care-contexts/on-discover"
    on_link_init_path = "/v0.5/links/link/on-init"
    on_link_confirm_path = "/v0.5/links/link/on-confirm"
    ids_in_body = True
    correlation_key = "resp"
    identifier_types = {"HEALTH_ID": ABHA_ADDRESS, "NDHM_HEALTH_NUMBER": ABHA_NUMBER, "MOBILE": MOBILE, "MR": MR}

    def gateway_base(self, settings: Settings) -> str:
        return settings.gateway_v05_base

    def request_id(self, headers: Mapping[str, str], body: Any) -> str:
        return _required(body, "requestId", str)

    def error(self, problem: Problem) -> dict[str, Any]:
        return {"code": 1000, "message": problem.message}  # the 0.5 spec allows only 1000 and 10001

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
        return {"transactionId": transaction_id, "patient": None, "error": self.error(PATIENT_NOT_FOUND)}

    def read_link_init(self, body: Any) -> LinkRequest:
        patient = _required(body, "patient", dict)
        care_contexts = [
            _required(context, "referenceNumber", str, "patient.careContexts[].")
            for context in _required(patient, "careContexts", list, "patient.")
        ]
        return LinkRequest(
            transaction_id=_required(body, "transactionId", str),
            abha_address=_required(patient, "id", str, "patient."),
            patient_reference=_required(patient, "referenceNumber", str, "patient."),
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


V3 = V3Api()
V05 = V05Api()
VERSIONS = (V3, V05)


def _care_context(context: CareContext) -> dict[str, str]:
    return {"referenceNumber": context.reference, "display": context.display}


def _by_hi_type(patient: Patient, care_contexts: tuple[CareContext, ...]) -> list[dict[str, Any]]:
    """v3's patient list: one entry per HI type, each counting its care contexts."""
    groups: dict[str, list[CareContext]] = {}
    for context in care_contexts:
        groups.setdefault(context.hi_type, []).append(context)
    return [
        {
            "referenceNumber": patient.reference,
            "display": patient.name,
            "careContexts": [_care_context(c) for c in members],
            "hiType": hi_type,
            "count": len(members),
        }
        for hi_type, members in groups.items()
    ]


def _required(container: Any, key: str, kind: type, where: str = "") -> Any:
    """container[key], which must be a non-empty value of the given type, else BadRequest."""
    value = container.get(key) if isinstance(container, dict) else None
    if not isinstance(value, kind) or isinstance(value, bool) or value in ("", []):
        raise BadRequest(f"{where}{key} must be a non-empty {kind.__name__}")
    return value
