"""The reference HIP's consent notifications and health-information transfer, v3 and v0.5.

respx stands in for the gateway (sessions, keys, and every call the HIP makes to it) and
for the HIU's dataPushUrl; the HIU's side of the encryption is simulated here with the
fidelius module the apps share. Requests reach the app through httpx's ASGI transport, which
runs the background work before the call returns: callbacks, pushes and notifications
are all recorded by then.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from datetime import datetime, timedelta, timezone

import httpx
import pytest
import respx
from cryptography.exceptions import InvalidTag

from reference_apps.common import fidelius
from reference_apps.hip import create_app
from reference_apps.hip.settings import DEFAULT_CONFIG
from tests.reference_apps.common.gateway import (
    GATEWAY,
    V05_GATEWAY,
    V3_GATEWAY,
    answer_sessions_and_keys,
    from_gateway,
    gateway_path,
    signed_token,
)
from tests.reference_apps.common.health_data import YEAR_2024, FideliusKeys, consent_detail
from tests.reference_apps.stand_in_gateway import HIP_ID

PUSH_URL = "https://hiu.test/data/push"
NRCES = "https://nrces.in/ndhm/fhir/r4/StructureDefinition/"

RAVI = "ravi.kumar@sbx"
RAVI_CONTEXTS = (("PUID-001", "VISIT-2024-01"), ("PUID-001", "RX-2024-01"), ("PUID-001", "LAB-2024-02"))
RAVI_HI_TYPES = ("OPConsultation", "Prescription", "DiagnosticReport")
JANUARY_2024 = ("2024-01-01T00:00:00.000Z", "2024-01-31T23:59:59.999Z")


class Api:
    """What differs between v3 and v0.5 for these flows."""

    def __init__(self, name, gateway, paths, ids_in_body, correlation, error_code):
        self.name, self.gateway, self.ids_in_body = name, gateway, ids_in_body
        self.consent_notify, self.hi_request, self.on_consent_notify, self.on_request, self.notify = paths
        self.correlation, self.error_code = correlation, error_code


V3 = Api(
    "v3",
    V3_GATEWAY,
    (
        "/api/v3/consent/request/hip/notify",
        "/api/v3/hip/health-information/request",
        "/consent/v3/request/hip/on-notify",
        "/data-flow/v3/health-information/hip/on-request",
        "/data-flow/v3/health-information/notify",
    ),
    ids_in_body=False,
    correlation="response",
    error_code=lambda code: code,
)
V05 = Api(
    "v0.5",
    V05_GATEWAY,
    (
        "/v0.5/consents/hip/notify",
        "/v0.5/health-information/hip/request",
        "/v0.5/consents/hip/on-notify",
        "/v0.5/health-information/hip/on-request",
        "/v0.5/health-information/notify",
    ),
    ids_in_body=True,
    correlation="resp",
    error_code=lambda code: 1000,
)
BOTH = pytest.mark.parametrize("api", [V3, V05], ids=["v3", "v0.5"])


class StandIns:
    """The gateway and the HIU's dataPushUrl; records, in order, what the HIP sent to each."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict]] = []  # (gateway path or "push", body)
        self.push_status = 202
        self.router = respx.MockRouter(assert_all_called=False)
        answer_sessions_and_keys(self.router)
        self.router.post(url__startswith=GATEWAY).mock(side_effect=self._gateway_call)
        self.router.post(PUSH_URL).mock(side_effect=self._push)

    def _gateway_call(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((gateway_path(request), json.loads(request.content)))
        return httpx.Response(202)

    def _push(self, request: httpx.Request) -> httpx.Response:
        assert request.headers["Content-Type"] == "application/json" and "Authorization" not in request.headers
        self.sent.append(("push", json.loads(request.content)))
        return httpx.Response(self.push_status)

    def bodies(self, path: str) -> list[dict]:
        return [body for sent_to, body in self.sent if sent_to == path]

    def order(self) -> list[str]:
        return [sent_to for sent_to, _ in self.sent]


class StandInHiu(FideliusKeys):
    """The HIU's key material, and its side of the decryption."""

    def __init__(self, x509: bool = False) -> None:
        super().__init__(x509)
        self.expiry = (datetime.now(timezone.utc) + timedelta(days=1)).isoformat(timespec="milliseconds")

    def decrypt(self, entry: dict, key_material: dict) -> bytes:
        return fidelius.decrypt(
            base64.b64decode(entry["content"]),
            requester_private_key=self.keys.private_key,
            requester_nonce=self.nonce,
            sender_public_key=key_material["dhPublicKey"]["keyValue"],
            sender_nonce=base64.b64decode(key_material["nonce"]),
        )


@pytest.fixture
def stand_ins():
    stand_ins = StandIns()
    with stand_ins.router:
        yield stand_ins


def hip_with(*defects: str, config=None):
    return create_app(config, defects)


def call(app, api: Api, path: str, body: dict, token: str | None = "gateway") -> tuple[httpx.Response, str]:
    """POST to the HIP's bridge as the gateway does; the response and the request's id."""
    headers = {"X-HIP-ID": HIP_ID}
    if token:
        headers["Authorization"] = f"Bearer {signed_token()}"
    return from_gateway(app, path, body, ids_in_body=api.ids_in_body, headers=headers)


def grant(
    app,
    api: Api,
    *,
    consent_id: str | None = None,
    abha_address: str = RAVI,
    care_contexts=RAVI_CONTEXTS,
    hi_types=RAVI_HI_TYPES,
    date_range=YEAR_2024,
    erase_at: datetime | None = None,
    erase_at_in_detail: bool = False,
) -> str:
    consent_id = consent_id or str(uuid.uuid4())
    detail = consent_detail(
        consent_id,
        abha_address=abha_address,
        care_contexts=care_contexts,
        hi_types=hi_types,
        hip_id=HIP_ID,
        hiu_id="HIU-TEST-01",
        date_range=date_range,
        erase_at=erase_at,
        erase_at_in_detail=erase_at_in_detail,
    )
    body = {
        "notification": {"status": "GRANTED", "consentId": consent_id, "consentDetail": detail, "signature": "c2ln"}
    }
    response, _ = call(app, api, api.consent_notify, body)
    assert response.status_code == 202
    return consent_id


def end_consent(app, api: Api, consent_id: str, status: str) -> None:
    # NHA ABDM v3 API, M2 "Receive the consent decision" (POST /api/v3/consent/request/hip/notify): the whole
    # artefact, its signature and grantAcknowledgement, whatever the status, as ndhm-hip.yml 0.5 sends it.
    detail = consent_detail(
        consent_id,
        abha_address=RAVI,
        care_contexts=RAVI_CONTEXTS,
        hi_types=RAVI_HI_TYPES,
        hip_id=HIP_ID,
        hiu_id="HIU-TEST-01",
    )
    notification = {"consentDetail": detail, "signature": "c2ln", "grantAcknowledgement": False}
    body = {"notification": {"status": status, "consentId": consent_id, **notification}}
    assert call(app, api, api.consent_notify, body)[0].status_code == 202


def request_records(app, api: Api, consent_id: str, hiu: StandInHiu, date_range=YEAR_2024) -> tuple[str, str]:
    """Send a health-information request; its transaction id and request id."""
    transaction_id = str(uuid.uuid4())
    body = {
        "transactionId": transaction_id,
        "hiRequest": {
            "consent": {"id": consent_id},
            "dateRange": {"from": date_range[0], "to": date_range[1]},
            "dataPushUrl": PUSH_URL,
            "keyMaterial": hiu.key_material(hiu.expiry),
        },
    }
    response, request_id = call(app, api, api.hi_request, body)
    assert response.status_code == 202
    return transaction_id, request_id


def pushed(stand_ins: StandIns) -> list[str]:
    return [entry["careContextReference"] for page in stand_ins.bodies("push") for entry in page["entries"]]


def refusal(stand_ins: StandIns, api: Api) -> dict:
    """The error of the one on-request sent, after checking that nothing was pushed or notified."""
    (on_request,) = stand_ins.bodies(api.on_request)
    # NHA's v3 page wants hiRequest even on refusal (ERRORED); v0.5's status knows ACKNOWLEDGED only.
    assert on_request.get("hiRequest", {}).get("sessionStatus") == ("ERRORED" if api is V3 else None)
    assert stand_ins.bodies("push") == [] and stand_ins.bodies(api.notify) == []
    return on_request["error"]


# ---- the flow as ABDM expects it ----


@BOTH
@pytest.mark.parametrize("x509", [False, True], ids=["raw HIU key", "X.509 HIU key"])
def test_granted_consent_is_served_encrypted_then_notified(stand_ins, api, x509):
    hip, hiu = hip_with(), StandInHiu(x509=x509)
    consent_id = grant(hip, api)

    (on_notify,) = stand_ins.bodies(api.on_consent_notify)
    assert on_notify["acknowledgement"] == {"status": "OK", "consentId": consent_id}
    transaction_id, request_id = request_records(hip, api, consent_id, hiu, date_range=JANUARY_2024)

    assert stand_ins.order() == [api.on_consent_notify, api.on_request, "push", api.notify]
    (on_request,) = stand_ins.bodies(api.on_request)
    assert on_request["hiRequest"] == {"transactionId": transaction_id, "sessionStatus": "ACKNOWLEDGED"}
    assert on_request[api.correlation] == {"requestId": request_id}
    assert ("requestId" in on_request) is api.ids_in_body
    (page,) = stand_ins.bodies("push")
    assert (page["pageNumber"], page["pageCount"], page["transactionId"]) == (0, 1, transaction_id)
    key_material = page["keyMaterial"]
    assert key_material["cryptoAlg"] == "ECDH" and key_material["curve"] == "Curve25519"
    assert key_material["dhPublicKey"]["expiry"] == hiu.expiry
    assert key_material["dhPublicKey"]["parameters"] == "Curve25519/32byte random key"
    assert len(key_material["dhPublicKey"]["keyValue"]) == 88 and len(base64.b64decode(key_material["nonce"])) == 32
    # LAB-2024-02 is consented but dated February: outside the requested range.
    assert [entry["careContextReference"] for entry in page["entries"]] == ["VISIT-2024-01", "RX-2024-01"]
    for entry, profile in zip(page["entries"], ("OPConsultRecord", "PrescriptionRecord"), strict=True):
        assert entry["media"] == "application/fhir+json"
        plaintext = hiu.decrypt(entry, key_material)
        assert entry["checksum"] == base64.b64encode(hashlib.md5(plaintext).digest()).decode()
        bundle = json.loads(plaintext)
        assert bundle["type"] == "document"
        composition = bundle["entry"][0]["resource"]
        assert composition["resourceType"] == "Composition"
        assert composition["meta"]["profile"] == [NRCES + profile]
    (notify,) = stand_ins.bodies(api.notify)
    assert api.correlation not in notify and ("requestId" in notify) is api.ids_in_body
    notification = notify["notification"]
    assert notification["consentId"] == consent_id and notification["transactionId"] == transaction_id
    assert notification["doneAt"].endswith("Z")
    assert notification["notifier"] == {"type": "HIP", "id": HIP_ID}
    assert notification["statusNotification"] == {
        "sessionStatus": "TRANSFERRED",
        "hipId": HIP_ID,
        "statusResponses": [
            {"careContextReference": "VISIT-2024-01", "hiStatus": "DELIVERED", "description": "Delivered"},
            {"careContextReference": "RX-2024-01", "hiStatus": "DELIVERED", "description": "Delivered"},
        ],
    }


def test_only_consented_hi_types_are_pushed(stand_ins):
    hip = hip_with()
    consent_id = grant(hip, V3, hi_types=["Prescription", "DiagnosticReport"])

    request_records(hip, V3, consent_id, StandInHiu())

    assert pushed(stand_ins) == ["RX-2024-01", "LAB-2024-02"]


def test_another_patients_care_context_is_not_pushed(stand_ins):
    hip = hip_with()
    since_2023 = ("2023-01-01T00:00:00.000Z", "2024-12-31T23:59:59.999Z")
    consent_id = grant(
        hip, V3, care_contexts=[("PUID-002", "DS-2023-11")], hi_types=["DischargeSummary"], date_range=since_2023
    )

    request_records(hip, V3, consent_id, StandInHiu(), date_range=since_2023)

    (page,) = stand_ins.bodies("push")  # an empty page: nothing to share
    assert (page["pageCount"], page["entries"]) == (1, [])
    assert stand_ins.bodies(V3.notify)[0]["notification"]["statusNotification"]["statusResponses"] == []


def test_more_than_seven_records_are_pushed_in_pages_of_seven(stand_ins, tmp_path):
    visits = [
        {"reference": f"VISIT-{n}", "display": f"OPD visit {n}", "hiType": "OPConsultation", "date": f"2024-01-{n:02}"}
        for n in range(1, 10)
    ]
    patient = {
        "reference": "PUID-9",
        "name": "Many Visits",
        "gender": "M",
        "yearOfBirth": 1970,
        "abhaAddress": "many.visits@sbx",
        "abhaNumber": "91-9999-9999-9999",
        "mobile": "9000000009",
        "careContexts": visits,
    }
    (tmp_path / "patients.json").write_text(json.dumps([patient]))
    config = tmp_path / "hip.toml"
    config.write_text(DEFAULT_CONFIG.read_text())
    hip, hiu = hip_with(config=config), StandInHiu()
    references = [visit["reference"] for visit in visits]
    consent_id = grant(
        hip,
        V3,
        abha_address="many.visits@sbx",
        care_contexts=[("PUID-9", reference) for reference in references],
        hi_types=["OPConsultation"],
    )

    request_records(hip, V3, consent_id, hiu)

    pages = stand_ins.bodies("push")
    assert [(p["pageNumber"], p["pageCount"], len(p["entries"])) for p in pages] == [(0, 2, 7), (1, 2, 2)]
    assert pushed(stand_ins) == references
    for page in pages:
        for entry in page["entries"]:
            hiu.decrypt(entry, page["keyMaterial"])


def test_a_push_the_hiu_refuses_is_notified_as_failed(stand_ins):
    hip = hip_with()
    consent_id = grant(hip, V3)
    stand_ins.push_status = 500

    request_records(hip, V3, consent_id, StandInHiu())

    status = stand_ins.bodies(V3.notify)[0]["notification"]["statusNotification"]
    assert status["sessionStatus"] == "FAILED"
    assert {response["hiStatus"] for response in status["statusResponses"]} == {"ERRORED"}
    assert "HTTP 500" in status["statusResponses"][0]["description"]


# ---- requests the HIP must refuse, with nothing pushed ----


@BOTH
def test_a_revoked_consent_is_refused(stand_ins, api):
    hip = hip_with()
    consent_id = grant(hip, api)
    end_consent(hip, api, consent_id, "REVOKED")

    assert stand_ins.bodies(api.on_consent_notify)[-1]["acknowledgement"] == {"status": "OK", "consentId": consent_id}
    request_records(hip, api, consent_id, StandInHiu())

    assert refusal(stand_ins, api)["code"] == api.error_code("ABDM-1062")


@BOTH
def test_an_expired_consent_is_refused(stand_ins, api):
    hip = hip_with()
    consent_id = grant(hip, api)
    end_consent(hip, api, consent_id, "EXPIRED")

    request_records(hip, api, consent_id, StandInHiu())

    assert refusal(stand_ins, api)["code"] == api.error_code("ABDM-1061")


@pytest.mark.parametrize("in_detail", [False, True], ids=["in permission", "at consentDetail level"])
def test_a_consent_past_its_data_erase_at_is_expired_without_notification(stand_ins, in_detail):
    hip = hip_with()
    past = datetime.now(timezone.utc) - timedelta(minutes=1)
    consent_id = grant(hip, V3, erase_at=past, erase_at_in_detail=in_detail)

    request_records(hip, V3, consent_id, StandInHiu())

    assert refusal(stand_ins, V3) == {"code": "ABDM-1061", "message": "Consent artefact expired"}


@BOTH
def test_a_date_range_outside_the_consent_is_refused(stand_ins, api):
    hip = hip_with()
    consent_id = grant(hip, api, date_range=JANUARY_2024)

    request_records(hip, api, consent_id, StandInHiu(), date_range=YEAR_2024)

    assert refusal(stand_ins, api)["code"] == api.error_code("ABDM-1063")


@BOTH
def test_an_unknown_consent_is_refused(stand_ins, api):
    request_records(hip_with(), api, str(uuid.uuid4()), StandInHiu())

    assert refusal(stand_ins, api) == {"code": api.error_code("ABDM-1112"), "message": "Invalid consent artefact"}


def test_unusable_key_material_is_refused(stand_ins):
    hip, hiu = hip_with(), StandInHiu()
    hiu.key_value = base64.b64encode(b"\x04" + bytes(64)).decode()  # not a point on the curve
    consent_id = grant(hip, V3)

    request_records(hip, V3, consent_id, hiu)

    assert refusal(stand_ins, V3)["code"] == "ABDM-1006"


@pytest.mark.parametrize("path", [V3.consent_notify, V3.hi_request, V05.consent_notify, V05.hi_request])
def test_requests_without_a_gateway_token_are_refused_with_401(stand_ins, path):
    api = V05 if path.startswith("/v0.5") else V3
    response, _ = call(hip_with(), api, path, {"notification": {}}, token=None)

    assert response.status_code == 401 and stand_ins.sent == []


def test_an_unreadable_hi_request_is_refused_with_400(stand_ins):
    body = {"transactionId": str(uuid.uuid4()), "hiRequest": {"consent": {"id": "c-1"}}}

    response, _ = call(hip_with(), V3, V3.hi_request, body)

    assert response.status_code == 400 and stand_ins.sent == []


# ---- v0.5 patient status ----


def notify_patient_status(app, status: str, abha_address: str = RAVI) -> str:
    body = {"notification": {"status": status, "patient": {"id": abha_address}}}
    response, request_id = call(app, V05, "/v0.5/patients/status/notify", body)
    assert response.status_code == 202
    return request_id


def test_v05_deactivation_forgets_the_abha_addresses_consents_and_links(stand_ins):
    hip = hip_with()
    consent_id = grant(hip, V05)
    hip.state.hip.store.linked[RAVI] = {"VISIT-2024-01"}

    request_id = notify_patient_status(hip, "DEACTIVATED")

    (on_notify,) = stand_ins.bodies("/v0.5/patients/status/on-notify")
    assert on_notify["acknowledgment"] == {"status": "OK"}
    assert on_notify["resp"] == {"requestId": request_id} and on_notify["timestamp"].endswith("Z")
    assert hip.state.hip.store.linked == {}
    request_records(hip, V05, consent_id, StandInHiu())
    assert refusal(stand_ins, V05) == {"code": 1000, "message": "Invalid consent artefact"}


def test_v05_reactivation_forgets_nothing(stand_ins):
    hip = hip_with()
    consent_id = grant(hip, V05)

    notify_patient_status(hip, "REACTIVATED")
    request_records(hip, V05, consent_id, StandInHiu())

    assert pushed(stand_ins) == ["VISIT-2024-01", "RX-2024-01", "LAB-2024-02"]


# ---- each defect switch changes what it names ----


def test_acks_unknown_consent(stand_ins):
    request_records(hip_with("acks_unknown_consent"), V3, str(uuid.uuid4()), StandInHiu())

    assert stand_ins.bodies(V3.on_request)[0]["hiRequest"]["sessionStatus"] == "ACKNOWLEDGED"
    assert pushed(stand_ins) == ["VISIT-2024-01", "RX-2024-01", "LAB-2024-02"]


def test_serves_after_revoke(stand_ins):
    hip = hip_with("serves_after_revoke")
    consent_id = grant(hip, V3)
    end_consent(hip, V3, consent_id, "REVOKED")

    request_records(hip, V3, consent_id, StandInHiu())

    assert stand_ins.bodies(V3.on_consent_notify)[-1]["acknowledgement"]["status"] == "OK"
    assert pushed(stand_ins) == ["VISIT-2024-01", "RX-2024-01", "LAB-2024-02"]


def test_serves_after_expiry(stand_ins):
    hip = hip_with("serves_after_expiry")
    notified = grant(hip, V3)
    end_consent(hip, V3, notified, "EXPIRED")
    past_erase_at = grant(hip, V3, erase_at=datetime.now(timezone.utc) - timedelta(minutes=1))

    request_records(hip, V3, notified, StandInHiu())
    request_records(hip, V3, past_erase_at, StandInHiu())

    assert len(stand_ins.bodies("push")) == 2 and all("error" not in b for b in stand_ins.bodies(V3.on_request))


def test_ignores_consent_date_range(stand_ins):
    hip = hip_with("ignores_consent_date_range")
    consent_id = grant(hip, V3, date_range=JANUARY_2024)

    request_records(hip, V3, consent_id, StandInHiu(), date_range=YEAR_2024)

    assert pushed(stand_ins) == ["VISIT-2024-01", "RX-2024-01", "LAB-2024-02"]


def test_pushes_unconsented_hi_type(stand_ins):
    hip = hip_with("pushes_unconsented_hi_type")
    consent_id = grant(hip, V3, care_contexts=[("PUID-001", "RX-2024-01")], hi_types=["Prescription"])

    request_records(hip, V3, consent_id, StandInHiu())

    assert pushed(stand_ins) == ["VISIT-2024-01", "RX-2024-01", "LAB-2024-02"]


def test_strips_gcm_tag(stand_ins):
    hip, hiu = hip_with("strips_gcm_tag"), StandInHiu()
    request_records(hip, V3, grant(hip, V3), hiu)

    (page,) = stand_ins.bodies("push")
    with pytest.raises(InvalidTag):
        hiu.decrypt(page["entries"][0], page["keyMaterial"])


def test_wrong_checksum(stand_ins):
    hip, hiu = hip_with("wrong_checksum"), StandInHiu()
    request_records(hip, V3, grant(hip, V3), hiu)

    (page,) = stand_ins.bodies("push")
    entry = page["entries"][0]
    plaintext = hiu.decrypt(entry, page["keyMaterial"])
    assert entry["checksum"] != base64.b64encode(hashlib.md5(plaintext).digest()).decode()


def test_composition_not_first(stand_ins):
    hip, hiu = hip_with("composition_not_first"), StandInHiu()
    request_records(hip, V3, grant(hip, V3), hiu)

    (page,) = stand_ins.bodies("push")
    bundle = json.loads(hiu.decrypt(page["entries"][0], page["keyMaterial"]))
    assert [e["resource"]["resourceType"] for e in bundle["entry"][:2]] == ["Patient", "Composition"]


def test_no_transfer_notify(stand_ins):
    hip = hip_with("no_transfer_notify")
    request_records(hip, V3, grant(hip, V3), StandInHiu())

    assert pushed(stand_ins) and stand_ins.bodies(V3.notify) == []


def test_wrong_transaction_in_push(stand_ins):
    hip = hip_with("wrong_transaction_in_push")
    transaction_id, _ = request_records(hip, V3, grant(hip, V3), StandInHiu())

    assert stand_ins.bodies("push")[0]["transactionId"] != transaction_id
    assert stand_ins.bodies(V3.notify)[0]["notification"]["transactionId"] == transaction_id


def test_keeps_consents_after_optout(stand_ins):
    hip = hip_with("keeps_consents_after_optout")
    consent_id = grant(hip, V05)
    notify_patient_status(hip, "DEACTIVATED")

    request_records(hip, V05, consent_id, StandInHiu())

    assert stand_ins.bodies("/v0.5/patients/status/on-notify")[0]["acknowledgment"] == {"status": "OK"}
    assert pushed(stand_ins) == ["VISIT-2024-01", "RX-2024-01", "LAB-2024-02"]
