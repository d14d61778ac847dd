"""What differs between ABDM API versions: paths, where ids travel, body shapes.

v3 moved REQUEST-ID and TIMESTAMP into headers and answers with `response.requestId`;
v0.5 carries `requestId`/`timestamp` in every body and answers with `resp.requestId`.
Body shapes differ too (v3 groups care contexts per HI type). Everything else in the
harness asks this module, so a version difference lives in exactly one place.
Sources: NHA's ABDM v0.5 OpenAPI files and v3 API pages (schemas/nha/): conventions, discovery, linking.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from abdm_conformance.config import CareContext, TestPatient


@dataclass(frozen=True)
class Api:
    version: str
    gateway_prefix: str  # where the gateway's own paths start on its host
    bridge_paths: dict[str, str]  # gateway→app message → path on the app's bridge
    # Other paths NHA's documents give a message on the app's bridge: tried, in order, when the app answers 404.
    other_bridge_paths: dict[str, tuple[str, ...]]
    gateway_paths: dict[str, str]  # app→gateway message → path under gateway_prefix
    correlation_key: str  # body object carrying the id of the request a callback answers
    ids_in_body: bool  # v0.5 puts requestId/timestamp in the body, v3 in headers
    abha_number_type: str  # verified-identifier type naming an ABHA number
    hi_types: tuple[str, ...]  # health-information types the version knows (v3 added Invoice)
    # HIP-initiated linking: v0.5 authenticates the patient (users/auth) for an access token;
    # v3 asks for a link token with the patient's demographics.
    auth_request: str  # the HIP's first request
    credential_request: str  # the request carrying what the patient gave: OTP or demographics
    link_request: str  # the request linking care contexts with the token

    def callback_for(self, message: str) -> str:
        """ABDM names a callback after the request it answers: discover → on-discover."""
        return f"on-{message}"

    def gateway_message(self, path: str) -> str | None:
        """The app→gateway message a request path names, or None for an unknown path."""
        relative = path.removeprefix(self.gateway_prefix) if path.startswith(self.gateway_prefix + "/") else None
        return next((m for m, p in self.gateway_paths.items() if p == relative), None)


V05_HI_TYPES = (
    "OPConsultation",
    "Prescription",
    "DischargeSummary",
    "DiagnosticReport",
    "ImmunizationRecord",
    "HealthDocumentRecord",
    "WellnessRecord",
)

V3 = Api(
    version="v3",
    gateway_prefix="/api/hiecm",
    bridge_paths={
        "discover": "/api/v3/hip/patient/care-context/discover",
        "link-init": "/api/v3/hip/link/care-context/init",
        "link-confirm": "/api/v3/hip/link/care-context/confirm",
        "consent-notify": "/api/v3/consent/request/hip/notify",
        "hi-request": "/api/v3/hip/health-information/request",
        "profile-share": "/api/v3/hip/patient/share",
        "on-sms-notify": "/api/v3/patients/sms/on-notify",
        "on-generate-token": "/api/v3/hip/token/on-generate-token",
        "on-link-carecontext": "/api/v3/link/on_carecontext",
        # the HIU's bridge
        "on-consent-request-init": "/api/v3/hiu/consent/request/on-init",
        "on-consent-request-status": "/api/v3/hiu/consent/request/on-status",
        "hiu-consent-notify": "/api/v3/hiu/consent/request/notify",
        "on-consent-fetch": "/api/v3/hiu/consent/on-fetch",
        "on-hiu-hi-request": "/api/v3/hiu/health-information/on-request",
    },
    # NHA's older v3 page "A consent notification to an HIU bridge" names the v0.5 path.
    other_bridge_paths={"hiu-consent-notify": ("/v0.5/consents/hiu/notify",)},
    gateway_paths={
        "session": "/gateway/v3/sessions",
        "certs": "/gateway/v3/certs",
        "openid-configuration": "/gateway/v3/.well-known/openid-configuration",
        "on-discover": "/user-initiated-linking/v3/patient/care-context/on-discover",
        "on-link-init": "/user-initiated-linking/v3/link/care-context/on-init",
        "on-link-confirm": "/user-initiated-linking/v3/link/care-context/on-confirm",
        "on-consent-notify": "/consent/v3/request/hip/on-notify",
        "on-hi-request": "/data-flow/v3/health-information/hip/on-request",
        "hi-notify": "/data-flow/v3/health-information/notify",
        "on-profile-share": "/patient-share/v3/on-share",
        "sms-notify": "/hip/v3/link/patient/links/sms/notify2",
        "generate-token": "/v3/token/generate-token",
        "link-carecontext": "/hip/v3/link/carecontext",
        # from the HIU
        "consent-request-init": "/consent/v3/request/init",
        "consent-request-status": "/consent/v3/request/status",
        "on-hiu-consent-notify": "/consent/v3/request/hiu/on-notify",
        "consent-fetch": "/consent/v3/fetch",
        "hiu-hi-request": "/data-flow/v3/health-information/request",
    },
    hi_types=(*V05_HI_TYPES, "Invoice"),
    auth_request="generate-token",
    credential_request="generate-token",
    link_request="link-carecontext",
    correlation_key="response",
    ids_in_body=False,
    abha_number_type="ABHA_NUMBER",
)

V05 = Api(
    version="v0.5",
    gateway_prefix="/gateway",
    bridge_paths={
        "discover": "/v0.5/care-contexts/discover",
        "link-init": "/v0.5/links/link/init",
        "link-confirm": "/v0.5/links/link/confirm",
        "consent-notify": "/v0.5/consents/hip/notify",
        "hi-request": "/v0.5/health-information/hip/request",
        "patient-status-notify": "/v0.5/patients/status/notify",
        "profile-share": "/v1.0/patients/profile/share",  # v1.0: the variant with a token number
        "on-sms-notify": "/v0.5/patients/sms/on-notify",
        "on-auth-init": "/v0.5/users/auth/on-init",
        "on-auth-confirm": "/v0.5/users/auth/on-confirm",
        "auth-notify": "/v0.5/users/auth/notify",
        "on-add-contexts": "/v0.5/links/link/on-add-contexts",
        # the HIU's bridge
        "on-patient-find": "/v0.5/patients/on-find",
        "on-consent-request-init": "/v0.5/consent-requests/on-init",
        "on-consent-request-status": "/v0.5/consent-requests/on-status",
        "hiu-consent-notify": "/v0.5/consents/hiu/notify",
        "on-consent-fetch": "/v0.5/consents/on-fetch",
        "on-hiu-hi-request": "/v0.5/health-information/hiu/on-request",
    },
    # ndhm-hiu.yml names the HIU's on-request callback hiu/on-request, ndhm-gateway-v1.yml cm/on-request.
    other_bridge_paths={"on-hiu-hi-request": ("/v0.5/health-information/cm/on-request",)},
    gateway_paths={
        "session": "/v0.5/sessions",
        "certs": "/v0.5/certs",
        "openid-configuration": "/v0.5/.well-known/openid-configuration",
        "on-discover": "/v0.5/care-contexts/on-discover",
        "on-link-init": "/v0.5/links/link/on-init",
        "on-link-confirm": "/v0.5/links/link/on-confirm",
        "on-consent-notify": "/v0.5/consents/hip/on-notify",
        "on-hi-request": "/v0.5/health-information/hip/on-request",
        "hi-notify": "/v0.5/health-information/notify",
        "on-patient-status-notify": "/v0.5/patients/status/on-notify",
        "on-profile-share": "/v1.0/patients/profile/on-share",
        "sms-notify": "/v0.5/patients/sms/notify2",
        "auth-init": "/v0.5/users/auth/init",
        "auth-confirm": "/v0.5/users/auth/confirm",
        "on-auth-notify": "/v0.5/users/auth/on-notify",
        "add-contexts": "/v0.5/links/link/add-contexts",
        # from the HIU
        "patient-find": "/v0.5/patients/find",
        "consent-request-init": "/v0.5/consent-requests/init",
        "consent-request-status": "/v0.5/consent-requests/status",
        "on-hiu-consent-notify": "/v0.5/consents/hiu/on-notify",
        "consent-fetch": "/v0.5/consents/fetch",
        "hiu-hi-request": "/v0.5/health-information/cm/request",
    },
    hi_types=V05_HI_TYPES,
    auth_request="auth-init",
    credential_request="auth-confirm",
    link_request="add-contexts",
    correlation_key="resp",
    ids_in_body=True,
    abha_number_type="NDHM_HEALTH_NUMBER",
)

APIS = {api.version: api for api in (V3, V05)}
# Callbacks that answer a gateway request; the simulator hands each to the step waiting for it.
CALLBACKS = frozenset(m for api in APIS.values() for m in api.gateway_paths if m.startswith("on-"))
DATA_PUSH_PATH = "/simulated-hiu/data/push"  # where the simulator, as the HIU, takes pushed records


def utc_timestamp(moment: datetime | None = None) -> str:
    """ISO-8601 UTC with milliseconds, the form the gateway accepts."""
    moment = moment or datetime.now(timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# ---- gateway→app bodies (without the v0.5 requestId/timestamp, which the sender adds) ----


def discover_body(api: Api, patient: TestPatient, transaction_id: str) -> dict[str, Any]:
    return {
        "transactionId": transaction_id,
        "patient": {
            "id": patient.abha_address,
            "verifiedIdentifiers": [
                {"type": "MOBILE", "value": patient.mobile},
                {"type": api.abha_number_type, "value": patient.abha_number},
            ],
            "unverifiedIdentifiers": [],
            "name": patient.name,
            "gender": patient.gender,
            "yearOfBirth": patient.year_of_birth,
        },
    }


def link_init_body(
    api: Api, transaction_id: str, abha_address: str, patient_reference: str, chosen: list[FoundCareContext]
) -> dict[str, Any]:
    if api.version == "v0.5":
        return {
            "transactionId": transaction_id,
            "patient": {
                "id": abha_address,
                "referenceNumber": patient_reference,
                "careContexts": [{"referenceNumber": c.reference} for c in chosen],
            },
        }
    groups: dict[str, list[FoundCareContext]] = {}
    for context in chosen:
        groups.setdefault(context.hi_type or "", []).append(context)
    return {
        "transactionId": transaction_id,
        "abhaAddress": abha_address,
        "patient": [
            {
                "referenceNumber": patient_reference,
                "display": contexts[0].patient_display,
                "careContexts": [{"referenceNumber": c.reference, "display": c.display} for c in contexts],
                "hiType": hi_type,
                "count": len(contexts),
            }
            for hi_type, contexts in groups.items()
        ],
    }


def link_confirm_body(api: Api, link_reference: str, otp: str) -> dict[str, Any]:
    # NHA's v3 pages (m2 "Confirm the linking of care contexts") type the OTP an integer, ndhm-hip.yml a string.
    token: str | int = int(otp) if api.version == "v3" and otp.isdigit() else otp
    return {"confirmation": {"linkRefNumber": link_reference, "token": token}}


@dataclass(frozen=True)
class Consent:
    """A consent artefact, as the consent manager grants it to an HIP."""

    id: str
    patient: TestPatient
    care_contexts: tuple[CareContext, ...]
    hi_types: tuple[str, ...]
    date_from: datetime
    date_to: datetime
    erase_at: datetime
    created_at: datetime
    hip_id: str
    hiu_id: str

    def detail(self, api: Api) -> dict[str, Any]:
        permission: dict[str, Any] = {
            "accessMode": "VIEW",
            "dateRange": {"from": utc_timestamp(self.date_from), "to": utc_timestamp(self.date_to)},
            "dataEraseAt": utc_timestamp(self.erase_at),
            "frequency": {"unit": "HOUR", "value": 1, "repeats": 0},
        }
        detail: dict[str, Any] = {
            "schemaVersion": "v3" if api.version == "v3" else "v1",
            "consentId": self.id,
            "createdAt": utc_timestamp(self.created_at),
            "patient": {"id": self.patient.abha_address},
            "careContexts": [
                {"patientReference": self.patient.reference, "careContextReference": c.reference}
                for c in self.care_contexts
            ],
            "purpose": {"text": "Care Management", "code": "CAREMGT", "refUri": PURPOSE_OF_USE},
            "hip": {"id": self.hip_id, "name": self.hip_id},
            "consentManager": {"id": "sbx"},
            "hiTypes": list(self.hi_types),
            "permission": permission,
        }
        if api.version == "v3":
            detail["hiu"] = {"id": self.hiu_id, "name": "Simulated HIU"}
            detail["requester"] = {
                "name": "Dr. Simulated Requester",
                "identifier": {"value": "MH1001", "type": "REGNO", "system": "https://www.mciindia.org"},
            }
        return detail


PURPOSE_OF_USE = "http://terminology.hl7.org/ValueSet/v3-PurposeOfUse"


def consent_notify_body(api: Api, status: str, consent: Consent, signature: str) -> dict[str, Any]:
    """The whole artefact, whatever the status: NHA's v3 page (m2 "Receive the consent decision", POST
    /api/v3/consent/request/hip/notify) requires consentDetail, signature and grantAcknowledgement, as v0.5 does."""
    return {
        "notification": {
            "status": status,
            "consentId": consent.id,
            "consentDetail": consent.detail(api),
            "signature": signature,
            "grantAcknowledgement": False,
        }
    }


CONSENT_DECISION_REASONS = {
    "GRANTED": "The patient granted the consent request",
    "DENIED": "The patient denied the consent request",
    "REVOKED": "The patient revoked the consent",
    "EXPIRED": "The consent expired",
}


def hiu_consent_notify_body(api: Api, request_id: str, status: str, artefact_ids: list[str]) -> dict[str, Any]:
    """NHA's v3 page (m3 "Notify HIU when consent is APPROVED, DENIED or REVOKED") requires consentArtefacts, empty
    when none was granted, and a reason; ndhm-hiu.yml (/v0.5/consents/hiu/notify) has no reason."""
    notification: dict[str, Any] = {
        "consentRequestId": request_id,
        "status": status,
        "consentArtefacts": [{"id": artefact_id} for artefact_id in artefact_ids],
    }
    if api.version == "v3":
        notification["reason"] = CONSENT_DECISION_REASONS[status]
    return {"notification": notification}


def hi_request_body(
    transaction_id: str, consent_id: str, date_from: datetime, date_to: datetime, push_url: str, key_material: dict
) -> dict[str, Any]:
    return {
        "transactionId": transaction_id,
        "hiRequest": {
            "consent": {"id": consent_id},
            "dateRange": {"from": utc_timestamp(date_from), "to": utc_timestamp(date_to)},
            "dataPushUrl": push_url,
            "keyMaterial": key_material,
        },
    }


def key_material_body(public_key: str, nonce: str, expiry: datetime) -> dict[str, Any]:
    return {
        "cryptoAlg": "ECDH",
        "curve": "Curve25519",
        "dhPublicKey": {
            "expiry": utc_timestamp(expiry),
            "parameters": "Curve25519/32byte random key",
            "keyValue": public_key,
        },
        "nonce": nonce,
    }


# A registration desk in New Delhi: where the patient scans the facility's QR code.
COUNTER_LATITUDE, COUNTER_LONGITUDE = 28.6139, 77.2090
PATIENT_ADDRESS = {"line": "12 MG Road", "district": "New Delhi", "state": "Delhi", "pincode": "110001"}


def profile_share_body(api: Api, patient: TestPatient, hip_id: str, counter: str) -> dict[str, Any]:
    """The profile the PHR app shares when the patient scans the HIP's QR code at a counter."""
    if api.version == "v0.5":
        return {
            "intent": {"type": "PROFILE_SHARE"},
            # ndhm-hip.yml types the location as strings
            "location": {"latitude": str(COUNTER_LATITUDE), "longitude": str(COUNTER_LONGITUDE)},
            "profile": {
                "hipCode": counter,
                "patient": {
                    "healthId": patient.abha_address,
                    "healthIdNumber": patient.abha_number,
                    "name": patient.name,
                    "gender": patient.gender,
                    "yearOfBirth": patient.year_of_birth,
                    "address": PATIENT_ADDRESS,
                    "identifiers": [{"type": "MOBILE", "value": patient.mobile}],
                },
            },
        }
    # NHA's v3 page (m2 "Share HIP patient", POST /api/v3/hip/patient/share): numbers for the location, the year of
    # birth as text; hprId, optional, is left out (no professional is involved when a patient scans a counter's QR).
    return {
        "intent": "PROFILE_SHARE",
        "metaData": {"hipId": hip_id, "context": counter, "latitude": COUNTER_LATITUDE, "longitude": COUNTER_LONGITUDE},
        "profile": {
            "patient": {
                "abhaNumber": patient.abha_number,
                "abhaAddress": patient.abha_address,
                "name": patient.name,
                "gender": patient.gender,
                "yearOfBirth": str(patient.year_of_birth),
                "address": PATIENT_ADDRESS,
                "phoneNumber": patient.mobile,
            }
        },
    }


# Requests an app makes of the gateway on its own initiative; the gateway answers each
# with the callback named after it (sms-notify → on-sms-notify).
APP_REQUESTS = frozenset(
    {
        *("sms-notify", "auth-init", "auth-confirm", "add-contexts", "generate-token", "link-carecontext"),
        *("patient-find", "consent-request-init", "consent-request-status", "consent-fetch", "hiu-hi-request"),
    }
)
# Messages the gateway sends to an HIU's bridge (with X-HIU-ID), not to an HIP's.
HIU_BRIDGE_MESSAGES = frozenset(
    {
        "on-patient-find",
        "on-consent-request-init",
        "on-consent-request-status",
        "hiu-consent-notify",
        "on-consent-fetch",
        "on-hiu-hi-request",
    }
)


def notify_message(message: str, body: Any) -> str:
    """HIP and HIU send the health-information notify to the same path; the notifier tells them apart."""
    if message == "hi-notify" and get(body, "notification", "notifier", "type") == "HIU":
        return "hiu-hi-notify"
    return message


def answering(api: Api, body: dict[str, Any], request_id: str) -> dict[str, Any]:
    """A callback body naming the request it answers, where the version names it."""
    return {**body, api.correlation_key: {"requestId": request_id}}


def sms_notified_body(api: Api) -> dict[str, Any]:
    """The gateway's acknowledgement of a deep-link SMS notify."""
    return {"status": "ACKNOWLEDGED"} if api.version == "v0.5" else {"acknowledgement": {"status": "SUCCESS"}}


# The only error codes ndhm-gateway-v1.yml, ndhm-hip.yml and ndhm-hiu.yml allow (Error.code, enum [1000, 10001]).
V05_ERROR_CODE = 1000


def failure_body(api: Api, code: str, message: str) -> dict[str, Any]:
    """A callback reporting a failure: v3 with NHA's ABDM-xxxx code, v0.5 with the one code its ymls allow for it;
    the message tells the failures apart."""
    if api.version == "v3":
        return {"error": {"code": code, "message": message}}
    return {"error": {"code": V05_ERROR_CODE, "message": message}}


# ---- HIP-initiated linking: the consent manager's answers (abdm-api.md §4.4, §5.3) ----

AUTH_MODES = {"MOBILE_OTP", "AADHAAR_OTP", "DIRECT", "DEMOGRAPHICS"}
OTP_MODES = {"MOBILE_OTP", "AADHAAR_OTP"}
LINK_PURPOSES = {"LINK", "KYC_AND_LINK"}


def auth_started_body(transaction_id: str, mode: str, expiry: datetime) -> dict[str, Any]:
    return {
        # ndhm-hip.yml's meta.hint is an optional string, not nullable: the simulator has no hint, so sends none
        "auth": {"transactionId": transaction_id, "mode": mode, "meta": {"expiry": utc_timestamp(expiry)}}
    }


def auth_confirmed_body(access_token: str, patient: TestPatient) -> dict[str, Any]:
    return {
        "auth": {
            "accessToken": access_token,
            "patient": {
                "id": patient.abha_address,
                "name": patient.name,
                "gender": patient.gender,
                "yearOfBirth": patient.year_of_birth,
            },
        }
    }


def auth_notify_body(transaction_id: str, access_token: str | None, hip_id: str, expiry: datetime) -> dict[str, Any]:
    """The patient's decision on a direct-auth request: GRANTED with a token, or DENIED. ndhm-hip.yml
    (/v0.5/users/auth/notify) requires the transactionId at the top as well as in auth."""
    if access_token is None:
        return {"transactionId": transaction_id, "auth": {"transactionId": transaction_id, "status": "DENIED"}}
    return {
        "transactionId": transaction_id,
        "auth": {
            "transactionId": transaction_id,
            "status": "GRANTED",
            "accessToken": access_token,
            "validity": {
                "purpose": "LINK",
                "requester": {"type": "HIP", "id": hip_id},
                "expiry": utc_timestamp(expiry),
                "limit": 1,
            },
        },
    }


def contexts_added_body() -> dict[str, Any]:
    return {"acknowledgement": {"status": "SUCCESS"}}


def link_token_body(abha_address: str, link_token: str) -> dict[str, Any]:
    return {"abhaAddress": abha_address, "linkToken": link_token}


def care_contexts_linked_body(abha_address: str) -> dict[str, Any]:
    return {"abhaAddress": abha_address, "status": "Successfully Linked care context"}


def patient_status_body(abha_address: str, status: str) -> dict[str, Any]:
    return {"notification": {"status": status, "patient": {"id": abha_address}}}


# ---- reading what the app sent; tolerant, because schema checks report shape problems ----


@dataclass(frozen=True)
class FoundCareContext:
    patient_reference: str
    patient_display: str
    reference: str
    display: str
    hi_type: str | None  # v0.5 does not say

    def matches(self, expected: CareContext, api: Api) -> bool:
        same_type = api.version == "v0.5" or self.hi_type == expected.hi_type
        return self.reference == expected.reference and self.display == expected.display and same_type


def answered_request_id(api: Api, body: Any) -> str | None:
    value = get(body, api.correlation_key, "requestId")
    return value if isinstance(value, str) else None


def request_id_of_body(body: Any) -> str | None:
    value = get(body, "requestId")
    return value if isinstance(value, str) else None


def care_contexts_in(api: Api, body: Any) -> list[FoundCareContext]:
    """Care contexts an on-discover or on-link-confirm offers, flattened across HI-type groups."""
    patients = get(body, "patient")
    groups = patients if isinstance(patients, list) else [patients]
    found = []
    for group in groups:
        if not isinstance(group, dict):
            continue
        for context in group.get("careContexts") or []:
            if isinstance(context, dict):
                found.append(
                    FoundCareContext(
                        patient_reference=str(group.get("referenceNumber", "")),
                        patient_display=str(group.get("display", "")),
                        reference=str(context.get("referenceNumber", "")),
                        display=str(context.get("display", "")),
                        hi_type=hi_type_of(group) if api.version == "v3" else None,
                    )
                )
    return found


def hi_type_of(group: dict[str, Any]) -> str | None:
    """A v3 patient entry's HI type, named three ways on NHA's pages: `hiType` (most pages), `hiTypes` (the newer
    link/carecontext page), `hiType` as a list of one (its older page)."""
    value = group.get("hiType", group.get("hiTypes"))
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return value if isinstance(value, str) else None


def error_in(body: Any) -> dict[str, Any] | None:
    error = get(body, "error")
    return error if isinstance(error, dict) else None


def link_reference_in(body: Any) -> str | None:
    value = get(body, "link", "referenceNumber")
    return value if isinstance(value, str) and value else None


def get(body: Any, *keys: str) -> Any:
    """body[k1][k2]..., or None where the path does not exist."""
    for key in keys:
        if not isinstance(body, dict):
            return None
        body = body.get(key)
    return body
