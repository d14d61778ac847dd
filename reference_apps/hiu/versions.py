"""The two ABDM API versions the HIU serves at once: paths, where ids travel, body shapes.

v3 (HIE-CM) carries REQUEST-ID and TIMESTAMP as headers and a callback names the request
it answers in `response.requestId`; v0.5 carries `requestId` and `timestamp` in every
body and answers with `resp.requestId`. The consent and health-information bodies are
alike in both, but for where v3 may put an artefact's dataEraseAt and the session status
an HIU reports on receipt (v0.5 TRANSFERRED, v3 RECEIVED). Only v0.5 can find a patient.
Sources: the HIU 0.5 OpenAPI file (ndhm-hiu.yml), the gateway's (ndhm-gateway-v1.yml),
and NHA's ABDM wrapper and HIE-CM v3 pages, as summarised in the sandbox documentation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reference_apps.common.headers import iso_timestamp
from reference_apps.common.reading import BadRequest, date_time, one_of, required
from reference_apps.common.versions import V05Conventions, V3Conventions, VersionConventions
from reference_apps.hiu.settings import Settings
from reference_apps.hiu.store import DENIED, EXPIRED, GRANTED, REQUESTED, REVOKED, ArtefactDetail, DateRange

NOTIFIED_STATUSES = (GRANTED, DENIED, REVOKED, EXPIRED)  # what a consent notification may report
CONSENT_STATUSES = (REQUESTED, *NOTIFIED_STATUSES)
# ABDM's purposes of use (the consent manager's purpose list), code → text.
PURPOSES = {
    "CAREMGT": "Care Management",
    "BTG": "Break the Glass",
    "PUBHLTH": "Public Health",
    "HPAYMT": "Healthcare Payment",
    "DSRCH": "Disease Specific Healthcare Research",
    "PATRQT": "Self Requested",
}
PURPOSE_REF_URI = "http://terminology.hl7.org/ValueSet/v3-PurposeOfUse"
REGISTRATION_SYSTEM = "https://www.mciindia.org"  # the requester's medical council
KEY_PARAMETERS = "Curve25519/32byte random key"


@dataclass(frozen=True)
class ConsentAsk:
    """What the HIU asks a patient to consent to."""

    abha_address: str
    purpose_code: str
    hi_types: tuple[str, ...]
    date_range: DateRange
    data_erase_at: datetime


@dataclass(frozen=True)
class PatientAnswer:
    answering: str  # the requestId of the find
    name: str | None  # None: no such patient


@dataclass(frozen=True)
class ConsentRequestCreated:
    answering: str  # the requestId of the init
    consent_request_id: str | None  # None when error is set
    error: str | None


@dataclass(frozen=True)
class ConsentRequestStatus:
    consent_request_id: str | None  # None when error is set
    status: str | None
    artefact_ids: tuple[str, ...]
    error: str | None


@dataclass(frozen=True)
class ConsentNotification:
    consent_request_id: str
    status: str
    artefact_ids: tuple[str, ...]  # may be empty for DENIED and EXPIRED


@dataclass(frozen=True)
class FetchedArtefact:
    answering: str  # the requestId of the fetch
    error: str | None
    consent_id: str | None
    status: str | None
    hiu_id: str | None  # whom the artefact grants access to
    detail: ArtefactDetail | None  # read when the artefact is GRANTED


@dataclass(frozen=True)
class DataRequestAnswer:
    answering: str  # the requestId of the health-information request
    transaction_id: str | None  # None when error is set
    error: str | None


@dataclass(frozen=True)
class EntryStatus:
    """What the HIU reports of one pushed entry."""

    care_context_reference: str
    ok: bool
    description: str


class ApiVersion(VersionConventions):
    # Paths the gateway calls on the HIU's bridge.
    on_find_path: str | None  # None: this version cannot find a patient
    on_consent_init_path: str
    on_consent_status_path: str
    consent_notify_path: str
    on_fetch_path: str
    on_health_information_request_path: str
    # Paths on the gateway, under this version's base URL.
    find_patient_path: str | None
    consent_init_path: str
    consent_status_path: str
    on_consent_notify_path: str
    consent_fetch_path: str
    health_information_request_path: str
    health_information_notify_path: str
    received_status: str  # the transfer notify's sessionStatus when something arrived

    def answering(self, body: Any) -> str:
        """The id of the HIU's request that a callback answers."""
        return required(required(body, self.correlation_key, dict), "requestId", str, self.correlation_key + ".")

    # ---- patient find (v0.5) ----

    def patient_query(self, abha_address: str, hiu_id: str) -> dict[str, Any]:
        return {"query": {"patient": {"id": abha_address}, "requester": {"type": "HIU", "id": hiu_id}}}

    def read_patient_answer(self, body: Any) -> PatientAnswer:
        answering = self.answering(body)
        patient = body.get("patient")
        if isinstance(patient, dict):
            return PatientAnswer(answering, required(patient, "name", str, "patient."))
        if _error(body) is None:
            raise BadRequest("on-find carries neither patient nor error")
        return PatientAnswer(answering, None)

    # ---- consent request init and status ----

    def consent_request(self, ask: ConsentAsk, settings: Settings) -> dict[str, Any]:
        return {
            "consent": {
                "purpose": {"text": PURPOSES[ask.purpose_code], "code": ask.purpose_code, "refUri": PURPOSE_REF_URI},
                "patient": {"id": ask.abha_address},
                "hiu": {"id": settings.hiu_id, "name": settings.hiu_name},
                "requester": {
                    "name": settings.requester_name,
                    "identifier": {
                        "type": "REGNO",
                        "value": settings.requester_registration_number,
                        "system": REGISTRATION_SYSTEM,
                    },
                },
                "hiTypes": list(ask.hi_types),
                "permission": {
                    "accessMode": "VIEW",
                    "dateRange": _wire_date_range(ask.date_range),
                    "dataEraseAt": iso_timestamp(ask.data_erase_at),
                    "frequency": {"unit": "HOUR", "value": 1, "repeats": 0},
                },
            }
        }

    def read_consent_request_created(self, body: Any) -> ConsentRequestCreated:
        answering = self.answering(body)
        if (error := _error(body)) is not None:
            return ConsentRequestCreated(answering, None, error)
        request = required(body, "consentRequest", dict)
        return ConsentRequestCreated(answering, required(request, "id", str, "consentRequest."), None)

    def consent_status_query(self, consent_request_id: str) -> dict[str, Any]:
        return {"consentRequestId": consent_request_id}

    def read_consent_request_status(self, body: Any) -> ConsentRequestStatus:
        self.answering(body)  # a callback must name the request it answers
        if (error := _error(body)) is not None:
            return ConsentRequestStatus(None, None, (), error)
        request = required(body, "consentRequest", dict)
        where = "consentRequest."
        return ConsentRequestStatus(
            consent_request_id=required(request, "id", str, where),
            status=one_of(request, "status", CONSENT_STATUSES, where),
            artefact_ids=_artefact_ids(request, where),
            error=None,
        )

    # ---- consent notification ----

    def read_consent_notification(self, body: Any) -> ConsentNotification:
        notification = required(body, "notification", dict)
        where = "notification."
        status = one_of(notification, "status", NOTIFIED_STATUSES, where)
        artefact_ids = _artefact_ids(notification, where)
        if status in (GRANTED, REVOKED) and not artefact_ids:
            raise BadRequest(f"a {status} notification must list its consentArtefacts")
        return ConsentNotification(required(notification, "consentRequestId", str, where), status, artefact_ids)

    def consent_acknowledgement(self, consent_ids: Sequence[str], status: str) -> dict[str, Any]:
        """The on-notify body: one entry per consent id (an artefact's, or the request's when none is named)."""
        return {"acknowledgement": [{"status": status, "consentId": consent_id} for consent_id in consent_ids]}

    # ---- consent artefact fetch ----

    def consent_fetch(self, consent_id: str) -> dict[str, Any]:
        return {"consentId": consent_id}

    def read_fetched_artefact(self, body: Any) -> FetchedArtefact:
        answering = self.answering(body)
        if (error := _error(body)) is not None:
            return FetchedArtefact(answering, error, None, None, None, None)
        consent = required(body, "consent", dict)
        status = one_of(consent, "status", CONSENT_STATUSES, "consent.")
        detail = required(consent, "consentDetail", dict, "consent.")
        where = "consent.consentDetail."
        hiu = detail.get("hiu")
        hiu_id = hiu.get("id") if isinstance(hiu, dict) else None
        return FetchedArtefact(
            answering=answering,
            error=None,
            consent_id=required(detail, "consentId", str, where),
            status=status,
            hiu_id=hiu_id if isinstance(hiu_id, str) else None,
            detail=self._artefact_detail(detail) if status == GRANTED else None,
        )

    def _artefact_detail(self, detail: dict[str, Any]) -> ArtefactDetail:
        where = "consent.consentDetail."
        permission = required(detail, "permission", dict, where)
        return ArtefactDetail(
            hip_id=required(required(detail, "hip", dict, where), "id", str, where + "hip."),
            date_range=_date_range(
                required(permission, "dateRange", dict, where + "permission."), where + "permission."
            ),
            data_erase_at=self._data_erase_at(detail, permission),
        )

    def _data_erase_at(self, detail: dict[str, Any], permission: dict[str, Any]) -> datetime:
        return date_time(permission, "dataEraseAt", "consent.consentDetail.permission.")

    # ---- health-information request, receipt and notification ----

    def health_information_request(
        self, consent_id: str, date_range: DateRange, data_push_url: str, key_material: dict[str, Any]
    ) -> dict[str, Any]:
        return {
            "hiRequest": {
                "consent": {"id": consent_id},
                "dateRange": _wire_date_range(date_range),
                "dataPushUrl": data_push_url,
                "keyMaterial": key_material,
            }
        }

    def read_data_request_answer(self, body: Any) -> DataRequestAnswer:
        answering = self.answering(body)
        if (error := _error(body)) is not None:
            return DataRequestAnswer(answering, None, error)
        hi_request = required(body, "hiRequest", dict)
        return DataRequestAnswer(answering, required(hi_request, "transactionId", str, "hiRequest."), None)

    def transfer_notification(
        self,
        consent_id: str,
        transaction_id: str,
        hiu_id: str,
        hip_id: str | None,
        statuses: Sequence[EntryStatus],
        done_at: datetime,
    ) -> dict[str, Any]:
        # FAILED only when nothing usable arrived; an empty transfer (nothing to share) was received.
        failed = bool(statuses) and not any(status.ok for status in statuses)
        return {
            "notification": {
                "consentId": consent_id,
                "transactionId": transaction_id,
                "doneAt": iso_timestamp(done_at),
                "notifier": {"type": "HIU", "id": hiu_id},
                "statusNotification": {
                    "sessionStatus": "FAILED" if failed else self.received_status,
                    "hipId": hip_id,
                    "statusResponses": [
                        {
                            "careContextReference": status.care_context_reference,
                            "hiStatus": "OK" if status.ok else "ERRORED",
                            "description": _description(status.description),
                        }
                        for status in statuses
                    ],
                },
            }
        }


class V3Api(ApiVersion, V3Conventions):
    on_find_path = None
    on_consent_init_path = "/api/v3/hiu/consent/request/on-init"
    on_consent_status_path = "/api/v3/hiu/consent/request/on-status"
    consent_notify_path = "/api/v3/hiu/consent/request/notify"
    on_fetch_path = "/api/v3/hiu/consent/on-fetch"
    on_health_information_request_path = "/api/v3/hiu/health-information/on-request"
    find_patient_path = None
    consent_init_path = "/consent/v3/request/init"
    consent_status_path = "/consent/v3/request/status"
    on_consent_notify_path = "/consent/v3/request/hiu/on-notify"
    consent_fetch_path = "/consent/v3/fetch"
    health_information_request_path = "/data-flow/v3/health-information/request"
    health_information_notify_path = "/data-flow/v3/health-information/notify"
    received_status = "RECEIVED"

    def _data_erase_at(self, detail: dict[str, Any], permission: dict[str, Any]) -> datetime:
        # v3 sources disagree: some put dataEraseAt in permission (as v0.5), others in consentDetail.
        if "dataEraseAt" in permission:
            return super()._data_erase_at(detail, permission)
        return date_time(detail, "dataEraseAt", "consent.consentDetail.")


class V05Api(ApiVersion, V05Conventions):
    on_find_path = "/v0.5/patients/on-find"
    on_consent_init_path = "/v0.5/consent-requests/on-init"
    on_consent_status_path = "/v0.5/consent-requests/on-status"
    consent_notify_path = "/v0.5/consents/hiu/notify"
    on_fetch_path = "/v0.5/consents/on-fetch"
    on_health_information_request_path = "/v0.5/health-information/hiu/on-request"
    find_patient_path = "/v0.5/patients/find"
    consent_init_path = "/v0.5/consent-requests/init"
    consent_status_path = "/v0.5/consent-requests/status"
    on_consent_notify_path = "/v0.5/consents/hiu/on-notify"
    consent_fetch_path = "/v0.5/consents/fetch"
    health_information_request_path = "/v0.5/health-information/cm/request"
    health_information_notify_path = "/v0.5/health-information/notify"
    received_status = "TRANSFERRED"

    def consent_request(self, ask: ConsentAsk, settings: Settings) -> dict[str, Any]:
        # ndhm-hiu.yml and ndhm-gateway-v1.yml require it without describing it: where the HIU hears of consents.
        body = super().consent_request(ask, settings)
        body["consent"]["consentNotificationUrl"] = settings.public_base_url
        return body


V3 = V3Api()
V05 = V05Api()
VERSIONS = (V3, V05)


def key_material(public_key: str, nonce: str, expiry: datetime) -> dict[str, Any]:
    """The HIU's half of the key agreement, as a health-information request carries it."""
    return {
        "cryptoAlg": "ECDH",
        "curve": "Curve25519",
        "dhPublicKey": {"expiry": iso_timestamp(expiry), "parameters": KEY_PARAMETERS, "keyValue": public_key},
        "nonce": nonce,
    }


def _wire_date_range(date_range: DateRange) -> dict[str, str]:
    return {"from": iso_timestamp(date_range.start), "to": iso_timestamp(date_range.end)}


def _error(body: Any) -> str | None:
    """The error a callback reports, as "code: message", or None."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return None
    return f"{error.get('code')}: {error.get('message')}"


def _artefact_ids(container: dict[str, Any], where: str) -> tuple[str, ...]:
    artefacts = container.get("consentArtefacts") or []  # null or absent: none named
    if not isinstance(artefacts, list):
        raise BadRequest(f"{where}consentArtefacts must be a list")
    return tuple(required(artefact, "id", str, where + "consentArtefacts[].") for artefact in artefacts)


def _date_range(container: dict[str, Any], where: str) -> DateRange:
    return DateRange(
        start=date_time(container, "from", where + "dateRange."), end=date_time(container, "to", where + "dateRange.")
    )


def _description(text: str) -> str:
    """NHA's v3 notify page restricts a status description to ^[a-zA-Z0-9_\\-@,. ":/]{0,255}$."""
    return re.sub(r'[^a-zA-Z0-9_\-@,. ":/]', " ", text)[:255]
