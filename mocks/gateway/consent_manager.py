"""The consent manager toward an HIU (milestone M3): consent requests and the patient's
decisions on them, consent artefacts to fetch, and health-information requests, which the
simulated HIP serves by pushing encrypted FHIR records to the HIU's dataPushUrl.

Sources: NHA's consent and data-flow APIs (v0.5 OpenAPI, v3 M2/M3 pages) and the data push encryption. Error
codes are those NHA's v3 errors pages give each situation; v0.5 sends its ymls' one code for them all."""

from __future__ import annotations

import base64
import functools
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from abdm_conformance import protocol, resources
from abdm_conformance.config import CareContext, TestPatient
from abdm_conformance.crypto import FideliusError, check_key_material, checksum, encrypt, generate_key_material
from abdm_conformance.exchange import Exchange
from abdm_conformance.protocol import Api, Consent
from mocks.gateway.rules import CallbackFailure as Failure

SIMULATED_HIP = "SIMULATED-HIP"
RECORDS = resources.RECORDS  # one valid NRCeS bundle per HI type

# NHA's v3 errors pages (M2 unless named), in their words:
UNKNOWN_PATIENT = "ABDM-9999"  # "User not found"
BAD_REQUEST = "ABDM-1006"  # "Bad Request, invalid request Body"
UNKNOWN_CONSENT_REQUEST = "ABDM-1039"  # M3: "Invalid Consent request id"
UNKNOWN_CONSENT = "ABDM-1112"  # "Invalid or already expired consent artefact id"
CONSENT_NOT_GRANTED = "ABDM-1062"  # "Consent Not granted"


# NHA's numbered v3 pages for these HIU callbacks require an error object even on success (and on-status a resp);
# only their older pages (m3 "on-consent-request-init", "on-consent-request-status", "on-consent-fetch") document a
# success that satisfies them: error and resp present and null, as the numbered pages' own examples write them.
V3_SUCCESS_NULLS = {
    "consent-request-init": ("error",),
    "consent-request-status": ("error", "resp"),
    "consent-fetch": ("error", "resp"),
}


@dataclass
class ConsentRequest:
    id: str
    patient: TestPatient
    hiu_id: str
    hi_types: tuple[str, ...]
    date_from: datetime
    date_to: datetime
    erase_at: datetime
    created_at: datetime
    status: str = "REQUESTED"
    artefacts: list[Consent] = field(default_factory=list)


@dataclass
class HiuTransfer:
    """A health-information request from the HIU, which the simulated HIP answers with pushes."""

    transaction_id: str
    consent: Consent
    push_url: str
    hiu_public_key: str
    hiu_nonce: str


@dataclass(frozen=True)
class PushedRecord:
    care_context: CareContext
    bundle: str  # the FHIR bundle's JSON, as encrypted
    corrupted: bool  # sent with a broken GCM tag: the HIU must report it ERRORED


@dataclass
class ConsentManager:
    patients: dict[str, TestPatient] = field(default_factory=dict)  # by ABHA address, lower case
    requests: dict[str, ConsentRequest] = field(default_factory=dict)
    transfers: dict[str, HiuTransfer] = field(default_factory=dict)

    def register(self, patient: TestPatient) -> None:
        self.patients[patient.abha_address.lower()] = patient

    def answer(self, api: Api, message: str, exchange: Exchange) -> dict[str, Any]:
        """The body of the callback answering the HIU's request (without its correlation)."""
        handler = {
            "patient-find": self._find,
            "consent-request-init": self._init,
            "consent-request-status": self._status,
            "consent-fetch": self._fetch,
            "hiu-hi-request": self._hi_request,
        }[message]
        body = exchange.request_json
        try:
            if not isinstance(body, dict):
                raise Failure(BAD_REQUEST, "Request body must be a JSON object")
            answer = handler(api, body, exchange)
            if api.version == "v3":
                answer |= dict.fromkeys(V3_SUCCESS_NULLS.get(message, ()))
            return answer
        except Failure as failure:
            return protocol.failure_body(api, failure.code, failure.message)

    def _find(self, api: Api, body: dict[str, Any], exchange: Exchange) -> dict[str, Any]:
        patient = self._patient(protocol.get(body, "query", "patient", "id"))
        return {"patient": {"id": patient.abha_address, "name": patient.name}}

    def _init(self, api: Api, body: dict[str, Any], exchange: Exchange) -> dict[str, Any]:
        consent = body.get("consent")
        if not isinstance(consent, dict):
            raise Failure(BAD_REQUEST, "consent must be an object")
        patient = self._patient(protocol.get(consent, "patient", "id"))
        hi_types = protocol.get(consent, "hiTypes")
        if not isinstance(hi_types, list) or not hi_types or not all(t in api.hi_types for t in hi_types):
            raise Failure(BAD_REQUEST, f"hiTypes must list HI types of {api.version}, not {hi_types!r}")
        try:
            date_from = _moment(protocol.get(consent, "permission", "dateRange", "from"))
            date_to = _moment(protocol.get(consent, "permission", "dateRange", "to"))
            erase_at = _moment(protocol.get(consent, "permission", "dataEraseAt"))
        except ValueError as error:
            raise Failure(BAD_REQUEST, f"permission has a date that is not ISO-8601: {error}") from None
        request = ConsentRequest(
            id=str(uuid.uuid4()),
            patient=patient,
            hiu_id=str(protocol.get(consent, "hiu", "id")),
            hi_types=tuple(hi_types),
            date_from=date_from,
            date_to=date_to,
            erase_at=erase_at,
            created_at=datetime.now(timezone.utc),
        )
        self.requests[request.id] = request
        return {"consentRequest": {"id": request.id}}

    def _status(self, api: Api, body: dict[str, Any], exchange: Exchange) -> dict[str, Any]:
        request = self.requests.get(str(body.get("consentRequestId")))
        if request is None:
            raise Failure(UNKNOWN_CONSENT_REQUEST, f"Unknown consentRequestId {body.get('consentRequestId')!r}")
        artefacts = [{"id": a.id} for a in request.artefacts]
        return {"consentRequest": {"id": request.id, "status": request.status, "consentArtefacts": artefacts}}

    def decide(
        self, request_id: str, status: str, hiu_id: str | None = None, erase_at: datetime | None = None
    ) -> ConsentRequest:
        """The patient's decision in the PHR app (GRANTED, DENIED, REVOKED) or the consent's
        expiry, recorded on the request it returns. A grant may name another HIU in its artefact, or
        an earlier dataEraseAt than asked for (the PHR app lets the patient shorten the consent)."""
        request = self.requests[request_id]
        request.status = status
        if status == "GRANTED":
            request.artefacts = [self._artefact(request, hiu_id or request.hiu_id, erase_at or request.erase_at)]
        return request

    def _artefact(self, request: ConsentRequest, hiu_id: str, erase_at: datetime) -> Consent:
        contexts = tuple(c for c in request.patient.care_contexts if c.hi_type in request.hi_types)
        return Consent(
            id=str(uuid.uuid4()),
            patient=request.patient,
            care_contexts=contexts,
            hi_types=request.hi_types,
            date_from=request.date_from,
            date_to=request.date_to,
            erase_at=erase_at,
            created_at=datetime.now(timezone.utc),
            hip_id=SIMULATED_HIP,
            hiu_id=hiu_id,
        )

    def _fetch(self, api: Api, body: dict[str, Any], exchange: Exchange) -> dict[str, Any]:
        request, artefact = self._artefact_named(body.get("consentId"))
        detail = artefact.detail(api)
        detail["hiu"] = {"id": artefact.hiu_id, "name": artefact.hiu_id}
        detail.setdefault(
            "requester", {"name": "Dr. Simulated Requester", "identifier": {"type": "REGNO", "value": "MH1001"}}
        )
        if api.version == "v3":  # NHA's older on-fetch page (m3 "on-consent-fetch") requires both
            detail["hip"]["type"] = "HIP"
            detail["lastUpdated"] = protocol.utc_timestamp(artefact.created_at)
        return {"consent": {"status": request.status, "consentDetail": detail, "signature": "simulated"}}

    def _hi_request(self, api: Api, body: dict[str, Any], exchange: Exchange) -> dict[str, Any]:
        hi_request = body.get("hiRequest")
        if not isinstance(hi_request, dict):
            raise Failure(BAD_REQUEST, "hiRequest must be an object")
        request, artefact = self._artefact_named(protocol.get(hi_request, "consent", "id"))
        if request.status != "GRANTED":
            raise Failure(CONSENT_NOT_GRANTED, f"The consent is {request.status}, not GRANTED")
        public_key = protocol.get(hi_request, "keyMaterial", "dhPublicKey", "keyValue")
        nonce = protocol.get(hi_request, "keyMaterial", "nonce")
        try:  # the simulated HIP must be able to encrypt for this key and nonce
            check_key_material(str(public_key), str(nonce))
        except FideliusError as error:
            raise Failure(BAD_REQUEST, f"keyMaterial cannot be used: {error}") from None
        transfer = HiuTransfer(
            transaction_id=str(uuid.uuid4()),
            consent=artefact,
            push_url=str(hi_request.get("dataPushUrl")),
            hiu_public_key=str(public_key),
            hiu_nonce=str(nonce),
        )
        self.transfers[transfer.transaction_id] = transfer
        return {"hiRequest": {"transactionId": transfer.transaction_id, "sessionStatus": "REQUESTED"}}

    def _patient(self, abha_address: Any) -> TestPatient:
        patient = self.patients.get(str(abha_address).lower())
        if patient is None:
            raise Failure(UNKNOWN_PATIENT, f"No ABHA account {abha_address!r}")
        return patient

    def _artefact_named(self, consent_id: Any) -> tuple[ConsentRequest, Consent]:
        for request in self.requests.values():
            for artefact in request.artefacts:
                if artefact.id == consent_id:
                    return request, artefact
        raise Failure(UNKNOWN_CONSENT, f"Unknown consent artefact {consent_id!r}")


def push_pages(
    transfer: HiuTransfer, corrupt_first: bool = False, transaction_id: str | None = None
) -> tuple[list[dict[str, Any]], list[PushedRecord]]:
    """The simulated HIP's data push for a transfer: one page per record, encrypted for the HIU
    with fresh HIP key material. `corrupt_first` breaks the first entry's GCM tag."""
    keys = generate_key_material()
    records = [
        PushedRecord(
            context, (RECORDS / f"{context.hi_type}.json").read_text(encoding="utf-8"), corrupt_first and i == 0
        )
        for i, context in enumerate(transfer.consent.care_contexts)
    ]
    expiry = datetime.now(timezone.utc) + timedelta(hours=1)
    pages = []
    for number, record in enumerate(records, start=1):
        content = encrypt(
            record.bundle,
            sender_private_key=keys.private_key,
            sender_nonce=keys.nonce,
            requester_public_key=transfer.hiu_public_key,
            requester_nonce=transfer.hiu_nonce,
        )
        if record.corrupted:
            content = _flip_last_byte(content)
        pages.append(
            {
                "pageNumber": number,
                "pageCount": len(records),
                "transactionId": transaction_id or transfer.transaction_id,
                "entries": [
                    {
                        "content": content,
                        "media": "application/fhir+json",
                        "checksum": checksum(record.bundle),
                        "careContextReference": record.care_context.reference,
                    }
                ],
                "keyMaterial": protocol.key_material_body(keys.x509_public_key, keys.nonce, expiry),
            }
        )
    return pages, records


@functools.cache
def _bundle(hi_type: str) -> str:
    return (RECORDS / f"{hi_type}.json").read_text(encoding="utf-8")


def _flip_last_byte(content: str) -> str:
    raw = bytearray(base64.b64decode(content))
    raw[-1] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def _moment(value: Any) -> datetime:
    moment = datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
