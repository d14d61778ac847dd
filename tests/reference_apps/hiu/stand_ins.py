"""Stand-ins for the reference HIU's tests: the gateway (respx) and a HIP pushing data.

The gateway answers sessions and keys as in every app's tests (common/gateway.py) and records
every other call the HIU makes to it; a test plays the gateway's side by sending signed
requests to the HIU's bridge. The HIP's side of the encryption is reference_apps.common.fidelius.
Requests reach the app through httpx's ASGI transport.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime

import httpx
import pytest
import respx

from reference_apps.common import fidelius
from tests.reference_apps.common.apps import asgi, until
from tests.reference_apps.common.gateway import (
    GATEWAY,
    answer_sessions_and_keys,
    from_gateway,
    gateway_path,
    signed_token,
)
from tests.reference_apps.common.health_data import YEAR_2024, FideliusKeys, consent_detail

HIU_ID = "REF-HIU-01"
HIU_NAME = "Reference Clinic"
HIP_ID = "HIP-TEST-01"
PUSH_URL = "http://127.0.0.1:8072/data/push"
RAVI = "ravi.kumar@sbx"
SNOMED = "http://snomed.info/sct"


@dataclass(frozen=True)
class Api:
    """What differs between v3 and v0.5 for the HIU's flows."""

    name: str
    ids_in_body: bool
    correlation: str
    received_status: str
    # The HIU's bridge.
    on_init: str
    on_status: str
    notify: str
    on_fetch: str
    on_request: str
    # The gateway.
    init: str
    status: str
    on_notify: str
    fetch: str
    hi_request: str
    hi_notify: str


V3 = Api(
    name="v3",
    ids_in_body=False,
    correlation="response",
    received_status="RECEIVED",
    on_init="/api/v3/hiu/consent/request/on-init",
    on_status="/api/v3/hiu/consent/request/on-status",
    notify="/api/v3/hiu/consent/request/notify",
    on_fetch="/api/v3/hiu/consent/on-fetch",
    on_request="/api/v3/hiu/health-information/on-request",
    init="/consent/v3/request/init",
    status="/consent/v3/request/status",
    on_notify="/consent/v3/request/hiu/on-notify",
    fetch="/consent/v3/fetch",
    hi_request="/data-flow/v3/health-information/request",
    hi_notify="/data-flow/v3/health-information/notify",
)
V05 = Api(
    name="v0.5",
    ids_in_body=True,
    correlation="resp",
    received_status="TRANSFERRED",
    on_init="/v0.5/consent-requests/on-init",
    on_status="/v0.5/consent-requests/on-status",
    notify="/v0.5/consents/hiu/notify",
    on_fetch="/v0.5/consents/on-fetch",
    on_request="/v0.5/health-information/hiu/on-request",
    init="/v0.5/consent-requests/init",
    status="/v0.5/consent-requests/status",
    on_notify="/v0.5/consents/hiu/on-notify",
    fetch="/v0.5/consents/fetch",
    hi_request="/v0.5/health-information/cm/request",
    hi_notify="/v0.5/health-information/notify",
)
BOTH = pytest.mark.parametrize("api", [V3, V05], ids=["v3", "v0.5"])


# ---- the gateway ----


@dataclass(frozen=True)
class Call:
    """A call the HIU made to the gateway."""

    path: str  # under the version's base URL
    headers: httpx.Headers
    body: dict

    @property
    def request_id(self) -> str:
        return self.headers.get("REQUEST-ID") or self.body["requestId"]


class StandInGateway:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.refuse: dict[str, int] = {}  # path → the status the gateway answers it with
        self.router = respx.MockRouter(assert_all_called=False)
        answer_sessions_and_keys(self.router)
        self.router.post(url__startswith=GATEWAY).mock(side_effect=self._call)

    def _call(self, request: httpx.Request) -> httpx.Response:
        path = gateway_path(request)
        self.calls.append(Call(path, request.headers, json.loads(request.content)))
        return httpx.Response(self.refuse.get(path, 202))

    def sent(self, path: str) -> list[Call]:
        return [call for call in self.calls if call.path == path]

    def wait_for(self, path: str, count: int = 1) -> list[Call]:
        """The calls to the path, once there are at least `count` of them."""
        return until(lambda: len(self.sent(path)) >= count and self.sent(path), f"{count} call(s) to {path}")


# ---- talking to the HIU ----


def bridge(app, api: Api, path: str, body: dict, *, token: str | None = None, hiu_id: str = HIU_ID):
    """POST to the HIU's bridge as the gateway does; the response and the request's id."""
    headers = {"Authorization": f"Bearer {token or signed_token()}", "X-HIU-ID": hiu_id}
    return from_gateway(app, path, body, ids_in_body=api.ids_in_body, headers=headers)


def answer(app, api: Api, path: str, call: Call, body: dict) -> None:
    """A callback from the gateway answering one of the HIU's calls."""
    response, _ = bridge(app, api, path, {**body, api.correlation: {"requestId": call.request_id}})
    assert response.status_code == 202, response.text


def drive(app, action: str, body: dict) -> httpx.Response:
    return asgi(app, "POST", f"/test-driver/actions/{action}", body)


def consent_requests(app) -> list[dict]:
    response = asgi(app, "GET", "/test-driver/consent-requests")
    assert response.status_code == 200
    return response.json()["consent_requests"]


def records(app, abha_address: str = RAVI) -> list[dict]:
    response = asgi(app, "GET", f"/test-driver/records/{abha_address}")
    assert response.status_code == 200
    return response.json()["records"]


def push(app, body: dict, *, token: str | None = None) -> httpx.Response:
    """POST a page to the HIU's data push as an HIP does: with its own gateway session token (no gateway role)."""
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token or hip_session_token()}"}
    return asgi(app, "POST", "/data/push", body, headers)


def hip_session_token() -> str:
    return signed_token(roles=("hiu", "hip"))


# ---- the consent flow, as the gateway plays it ----


def consent_ask(api: Api, **overrides) -> dict:
    return {
        "api_version": api.name,
        "abha_address": RAVI,
        "purpose_code": "CAREMGT",
        "hi_types": ["OPConsultation", "Prescription"],
        "date_from": "2024-01-01T00:00:00.000Z",
        "date_to": "2024-12-31T23:59:59.999Z",
        "data_erase_at": "2030-01-01T00:00:00.000Z",
        **overrides,
    }


def create_consent_request(app, api: Api, gateway: StandInGateway, **overrides) -> str:
    """Request consent through the driver and answer the init; the consent request's id."""
    before = len(gateway.sent(api.init))
    response = drive(app, "request-consent", consent_ask(api, **overrides))
    assert response.status_code == 202, response.text
    init = gateway.wait_for(api.init, before + 1)[-1]
    consent_request_id = str(uuid.uuid4())
    answer(app, api, api.on_init, init, {"consentRequest": {"id": consent_request_id}})
    return consent_request_id


def notify(app, api: Api, consent_request_id: str, status: str, artefact_ids=()) -> str:
    """A consent notification from the gateway; its request id."""
    notification = {
        "consentRequestId": consent_request_id,
        "status": status,
        "consentArtefacts": [{"id": artefact_id} for artefact_id in artefact_ids],
    }
    response, request_id = bridge(app, api, api.notify, {"notification": notification})
    assert response.status_code == 202, response.text
    return request_id


def artefact(
    consent_id: str,
    *,
    hiu_id: str = HIU_ID,
    status: str = "GRANTED",
    date_range=YEAR_2024,
    erase_at: datetime | None = None,
    erase_at_in_detail: bool = False,
) -> dict:
    """An on-fetch body: the artefact the consent manager signed."""
    detail = consent_detail(
        consent_id,
        abha_address=RAVI,
        care_contexts=(("PUID-001", "VISIT-2024-01"),),
        hi_types=("OPConsultation", "Prescription"),
        hip_id=HIP_ID,
        hiu_id=hiu_id,
        date_range=date_range,
        erase_at=erase_at,
        erase_at_in_detail=erase_at_in_detail,
    )
    return {"consent": {"status": status, "consentDetail": detail, "signature": "c2lnbmF0dXJl"}}


def deliver_artefacts(app, api: Api, gateway: StandInGateway, count: int = 1, **artefact_options) -> None:
    """Answer the last `count` fetches with the artefacts they asked for."""
    for fetch in gateway.wait_for(api.fetch, count)[-count:]:
        answer(app, api, api.on_fetch, fetch, artefact(fetch.body["consentId"], **artefact_options))


def open_transfer(app, api: Api, hi_request: Call) -> str:
    """Answer a health-information request with a transaction id, which the HIP's push will carry."""
    transaction_id = str(uuid.uuid4())
    answer(
        app,
        api,
        api.on_request,
        hi_request,
        {"hiRequest": {"transactionId": transaction_id, "sessionStatus": "REQUESTED"}},
    )
    return transaction_id


@dataclass(frozen=True)
class Granted:
    consent_request_id: str
    consent_id: str  # the artefact's
    hi_request: Call
    transaction_id: str


def granted_transfer(app, api: Api, gateway: StandInGateway, **artefact_options) -> Granted:
    """A consent requested, granted with one artefact, fetched, and its data requested: ready for a push."""
    consent_request_id = create_consent_request(app, api, gateway)
    consent_id = str(uuid.uuid4())
    notify(app, api, consent_request_id, "GRANTED", [consent_id])
    before = len(gateway.sent(api.hi_request))
    deliver_artefacts(app, api, gateway, **artefact_options)
    hi_request = gateway.wait_for(api.hi_request, before + 1)[-1]
    return Granted(consent_request_id, consent_id, hi_request, open_transfer(app, api, hi_request))


# ---- the HIP's side of a push ----


def document(hi_type_code: str, title: str, *, patient: str = "Ravi Kumar") -> dict:
    """A small FHIR document Bundle: a Composition of the given type, and its Patient."""
    patient_url, composition_url = f"urn:uuid:{uuid.uuid4()}", f"urn:uuid:{uuid.uuid4()}"
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "document",
        "timestamp": "2024-01-15T10:30:00.000Z",
        "entry": [
            {
                "fullUrl": composition_url,
                "resource": {
                    "resourceType": "Composition",
                    "status": "final",
                    "type": {"coding": [{"system": SNOMED, "code": hi_type_code, "display": title}]},
                    "subject": {"reference": patient_url},
                    "date": "2024-01-15T10:30:00.000Z",
                    "author": [{"display": "Dr. Meera Nair"}],
                    "title": title,
                },
            },
            {"fullUrl": patient_url, "resource": {"resourceType": "Patient", "name": [{"text": patient}]}},
        ],
    }


OP_CONSULT = document("371530004", "Clinical consultation report")
PRESCRIPTION = document("440545006", "Prescription record")
DISCHARGE = document("373942005", "Discharge summary")


class StandInHip(FideliusKeys):
    """Encrypts records for the HIU's key material in a health-information request, as a HIP does."""

    def __init__(self, hi_request: Call, x509: bool = False):
        super().__init__(x509)
        self.hiu_key_material = hi_request.body["hiRequest"]["keyMaterial"]

    def entry(self, reference: str, bundle: dict, *, corrupt_tag: bool = False, checksum: str | None = None) -> dict:
        plaintext = json.dumps(bundle).encode()
        encrypted = fidelius.encrypt(
            plaintext,
            sender_private_key=self.keys.private_key,
            sender_nonce=self.nonce,
            requester_public_key=self.hiu_key_material["dhPublicKey"]["keyValue"],
            requester_nonce=base64.b64decode(self.hiu_key_material["nonce"]),
        )
        if corrupt_tag:  # the last byte of the 16-byte tag: content intact, authenticity not
            encrypted = encrypted[:-1] + bytes([encrypted[-1] ^ 0x01])
        return {
            "content": base64.b64encode(encrypted).decode(),
            "media": "application/fhir+json",
            "checksum": checksum or base64.b64encode(hashlib.md5(plaintext).digest()).decode(),
            "careContextReference": reference,
        }

    def page(self, transaction_id: str, entries: list[dict], page_number: int = 0, page_count: int = 1) -> dict:
        return {
            "pageNumber": page_number,
            "pageCount": page_count,
            "transactionId": transaction_id,
            "entries": entries,
            "keyMaterial": self.key_material(self.hiu_key_material["dhPublicKey"]["expiry"]),
        }
