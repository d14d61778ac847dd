"""The reference HIU's health-information requests, data push and transfer notify, v3 and v0.5,
and the erasure of records when consent is revoked or expires.

The tests play the gateway (stand_ins.StandInGateway) and the HIP (stand_ins.StandInHip,
which encrypts with reference_apps.common.fidelius).
"""

from __future__ import annotations

import base64
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from reference_apps.common import fidelius
from tests.reference_apps.common.apps import asgi, until
from tests.reference_apps.common.gateway import signed_token
from tests.reference_apps.hiu.stand_ins import (
    BOTH,
    DISCHARGE,
    HIP_ID,
    HIU_ID,
    OP_CONSULT,
    PRESCRIPTION,
    PUSH_URL,
    V3,
    StandInHip,
    consent_requests,
    create_consent_request,
    deliver_artefacts,
    document,
    granted_transfer,
    notify,
    push,
    records,
)


def notification_of(gateway, api) -> dict:
    (notify_call,) = gateway.wait_for(api.hi_notify)
    return notify_call.body["notification"]


def statuses(gateway, api) -> list[tuple[str, str]]:
    responses = notification_of(gateway, api)["statusNotification"]["statusResponses"]
    return [(r["careContextReference"], r["hiStatus"]) for r in responses]


# ---- health-information requests ----


@BOTH
def test_each_artefact_gets_a_data_request_with_fresh_key_material(hiu, gateway, api):
    consent_request_id = create_consent_request(hiu, api, gateway)
    notify(hiu, api, consent_request_id, "GRANTED", ["a-1", "a-2"])

    deliver_artefacts(hiu, api, gateway, count=2, date_range=("2024-02-01T00:00:00.000Z", "2024-03-31T00:00:00.000Z"))

    first, second = gateway.wait_for(api.hi_request, 2)
    materials = []
    for call, consent_id in ((first, "a-1"), (second, "a-2")):
        assert call.headers["X-HIU-ID"] == HIU_ID and call.headers["X-CM-ID"] == "sbx"
        hi_request = call.body["hiRequest"]
        assert hi_request["consent"] == {"id": consent_id}
        assert hi_request["dateRange"] == {"from": "2024-02-01T00:00:00.000Z", "to": "2024-03-31T00:00:00.000Z"}
        assert hi_request["dataPushUrl"] == PUSH_URL
        material = hi_request["keyMaterial"]
        assert (material["cryptoAlg"], material["curve"]) == ("ECDH", "Curve25519")
        assert material["dhPublicKey"]["parameters"] == "Curve25519/32byte random key"
        key_value = material["dhPublicKey"]["keyValue"]
        assert len(key_value) == 88 and base64.b64decode(key_value)[0] == 0x04
        fidelius.decode_public_key(key_value)  # a point on the curve
        assert len(base64.b64decode(material["nonce"])) == 32
        expiry = datetime.fromisoformat(material["dhPublicKey"]["expiry"])
        assert datetime.now(timezone.utc) < expiry < datetime.now(timezone.utc) + timedelta(days=1)
        materials.append((key_value, material["nonce"]))
    (first_key, first_nonce), (second_key, second_nonce) = materials
    assert first_key != second_key and first_nonce != second_nonce


# ---- the push, as ABDM expects it ----


@BOTH
@pytest.mark.parametrize("x509", [False, True], ids=["raw HIP key", "X.509 HIP key"])
def test_pushed_records_are_decrypted_shown_and_notified(hiu, gateway, api, x509):
    granted = granted_transfer(hiu, api, gateway)
    hip = StandInHip(granted.hi_request, x509=x509)

    response = push(
        hiu,
        hip.page(granted.transaction_id, [hip.entry("VISIT-1", OP_CONSULT), hip.entry("RX-1", PRESCRIPTION)]),
    )

    assert response.status_code == 202
    assert records(hiu) == [
        {
            "consent_id": granted.consent_id,
            "care_context_reference": "VISIT-1",
            "hi_type": "OPConsultation",
            "bundle": OP_CONSULT,
        },
        {
            "consent_id": granted.consent_id,
            "care_context_reference": "RX-1",
            "hi_type": "Prescription",
            "bundle": PRESCRIPTION,
        },
    ]
    assert records(hiu, "someone.else@sbx") == []
    (notify_call,) = gateway.wait_for(api.hi_notify)
    assert notify_call.headers["X-HIU-ID"] == HIU_ID
    assert api.correlation not in notify_call.body and ("requestId" in notify_call.body) is api.ids_in_body
    notification = notify_call.body["notification"]
    assert notification["doneAt"].endswith("Z")
    del notification["doneAt"]
    assert notification == {
        "consentId": granted.consent_id,
        "transactionId": granted.transaction_id,
        "notifier": {"type": "HIU", "id": HIU_ID},
        "statusNotification": {
            "sessionStatus": api.received_status,
            "hipId": HIP_ID,
            "statusResponses": [
                {"careContextReference": "VISIT-1", "hiStatus": "OK", "description": "Received"},
                {"careContextReference": "RX-1", "hiStatus": "OK", "description": "Received"},
            ],
        },
    }


def test_an_empty_transfer_is_notified_as_received(hiu, gateway):
    granted = granted_transfer(hiu, V3, gateway)

    assert push(hiu, StandInHip(granted.hi_request).page(granted.transaction_id, [])).status_code == 202

    status = notification_of(gateway, V3)["statusNotification"]
    assert (status["sessionStatus"], status["statusResponses"]) == ("RECEIVED", [])


# ---- entries that do not arrive intact ----


@BOTH
def test_an_entry_with_a_corrupted_tag_is_errored_and_the_others_kept(hiu, gateway, api):
    granted = granted_transfer(hiu, api, gateway)
    hip = StandInHip(granted.hi_request)
    entries = [
        hip.entry("VISIT-1", OP_CONSULT),
        hip.entry("RX-1", PRESCRIPTION, corrupt_tag=True),
        hip.entry("DS-1", DISCHARGE),
    ]

    assert push(hiu, hip.page(granted.transaction_id, entries)).status_code == 202

    assert [r["care_context_reference"] for r in records(hiu)] == ["VISIT-1", "DS-1"]
    status = notification_of(gateway, api)["statusNotification"]
    assert status["sessionStatus"] == api.received_status
    assert statuses(gateway, api) == [("VISIT-1", "OK"), ("RX-1", "ERRORED"), ("DS-1", "OK")]
    assert "GCM tag" in status["statusResponses"][1]["description"]


def test_entries_failing_the_checksum_or_not_fhir_documents_are_errored(hiu, gateway):
    granted = granted_transfer(hiu, V3, gateway)
    hip = StandInHip(granted.hi_request)
    not_a_document = {"resourceType": "Bundle", "type": "collection", "entry": []}
    entries = [
        hip.entry("VISIT-1", OP_CONSULT, checksum=base64.b64encode(b"0123456789abcdef").decode()),
        hip.entry("RX-1", not_a_document),
        {**hip.entry("DS-1", DISCHARGE), "media": "application/pdf"},
        {**hip.entry("LAB-1", DISCHARGE), "content": "%%% not base64"},
        hip.entry("DOC-1", document("1234567", "A type no NRCeS profile has")),
    ]

    push(hiu, hip.page(granted.transaction_id, entries))

    assert records(hiu) == []
    status = notification_of(gateway, V3)["statusNotification"]
    assert status["sessionStatus"] == "FAILED"  # nothing usable arrived
    descriptions = [(r["hiStatus"], r["description"]) for r in status["statusResponses"]]
    assert [hi_status for hi_status, _ in descriptions] == ["ERRORED"] * 5
    assert "checksum" in descriptions[0][1] and "document" in descriptions[1][1]
    assert "media" in descriptions[2][1] and "Decryption failed" in descriptions[3][1]
    assert "no ABDM HI type" in descriptions[4][1]


# ---- pushes the HIU refuses or ignores ----


@BOTH
def test_a_push_for_an_unknown_transaction_is_refused(hiu, gateway, api):
    granted = granted_transfer(hiu, api, gateway)
    hip = StandInHip(granted.hi_request)

    response = push(hiu, hip.page(str(uuid.uuid4()), [hip.entry("VISIT-1", OP_CONSULT)]))

    assert response.status_code == 400
    assert response.json()["error"] == {"code": "ABDM-1017", "message": "Invalid TransactionId"}
    assert records(hiu) == [] and gateway.sent(api.hi_notify) == []


@BOTH
def test_a_push_without_a_token_the_gateway_signed_is_refused(hiu, gateway, api):
    granted = granted_transfer(hiu, api, gateway)
    hip = StandInHip(granted.hi_request)
    page = hip.page(granted.transaction_id, [hip.entry("VISIT-1", OP_CONSULT)])
    headers = {"Content-Type": "application/json"}

    missing = asgi(hiu, "POST", "/data/push", page, headers)
    forged = push(hiu, page, token=signed_token(rsa.generate_private_key(public_exponent=65537, key_size=2048)))

    assert [r.status_code for r in (missing, forged)] == [401, 401]
    assert missing.json()["error"]["code"] == "ABDM-2500"
    assert records(hiu) == [] and gateway.sent(api.hi_notify) == []


def test_an_unreadable_push_is_refused(hiu, gateway):
    for body in ({"transactionId": "t-1"}, {"pageNumber": 0, "pageCount": 0, "entries": []}):
        response = push(hiu, body)
        assert response.status_code == 400 and response.json()["error"]["code"] == "ABDM-1006"


@BOTH
def test_a_page_pushed_twice_is_stored_once(hiu, gateway, api):
    granted = granted_transfer(hiu, api, gateway)
    hip = StandInHip(granted.hi_request)
    first = hip.page(granted.transaction_id, [hip.entry("VISIT-1", OP_CONSULT)], page_number=0, page_count=2)
    second = hip.page(granted.transaction_id, [hip.entry("RX-1", PRESCRIPTION)], page_number=1, page_count=2)

    assert [push(hiu, page).status_code for page in (first, first)] == [202, 202]
    assert gateway.sent(api.hi_notify) == []  # one page of two
    assert push(hiu, second).status_code == 202

    assert [r["care_context_reference"] for r in records(hiu)] == ["VISIT-1", "RX-1"]
    assert statuses(gateway, api) == [("VISIT-1", "OK"), ("RX-1", "OK")]


# ---- the end of consent ----


@BOTH
def test_revocation_erases_the_records_and_refuses_further_pushes(hiu, gateway, api):
    granted = granted_transfer(hiu, api, gateway)
    hip = StandInHip(granted.hi_request)
    push(hiu, hip.page(granted.transaction_id, [hip.entry("VISIT-1", OP_CONSULT)], page_count=2))
    assert len(records(hiu)) == 1

    request_id = notify(hiu, api, granted.consent_request_id, "REVOKED", [granted.consent_id])

    on_notify = gateway.wait_for(api.on_notify, 2)[-1]
    assert on_notify.body["acknowledgement"] == [{"status": "OK", "consentId": granted.consent_id}]
    assert on_notify.body[api.correlation] == {"requestId": request_id}
    assert records(hiu) == [] and consent_requests(hiu)[0]["status"] == "REVOKED"
    response = push(hiu, hip.page(granted.transaction_id, [hip.entry("RX-1", PRESCRIPTION)], 1, 2))
    assert response.status_code == 400 and response.json()["error"]["code"] == "ABDM-1062"
    assert records(hiu) == []


@BOTH
@pytest.mark.parametrize("names_artefacts", [True, False], ids=["artefacts named", "consent request only"])
def test_expiry_erases_the_records_and_refuses_further_pushes(hiu, gateway, api, names_artefacts):
    granted = granted_transfer(hiu, api, gateway)
    hip = StandInHip(granted.hi_request)
    push(hiu, hip.page(granted.transaction_id, [hip.entry("VISIT-1", OP_CONSULT)], page_count=2))

    notify(hiu, api, granted.consent_request_id, "EXPIRED", [granted.consent_id] if names_artefacts else [])

    named = granted.consent_id if names_artefacts else granted.consent_request_id
    assert gateway.wait_for(api.on_notify, 2)[-1].body["acknowledgement"] == [{"status": "OK", "consentId": named}]
    assert records(hiu) == [] and consent_requests(hiu)[0]["status"] == "EXPIRED"
    response = push(hiu, hip.page(granted.transaction_id, [hip.entry("RX-1", PRESCRIPTION)], 1, 2))
    assert response.status_code == 400 and response.json()["error"]["code"] == "ABDM-1061"


def test_records_are_not_shown_past_the_artefacts_data_erase_at(hiu, gateway):
    erase_at = datetime.now(timezone.utc) + timedelta(seconds=3)
    granted = granted_transfer(hiu, V3, gateway, erase_at=erase_at, erase_at_in_detail=True)
    hip = StandInHip(granted.hi_request)
    push(hiu, hip.page(granted.transaction_id, [hip.entry("VISIT-1", OP_CONSULT)]))
    assert len(records(hiu)) == 1  # if not, the flow outlasted the consent: raise the margin above

    until(lambda: records(hiu) == [], "the records to be erased at dataEraseAt", deadline=10)

    assert datetime.now(timezone.utc) >= erase_at and hiu.state.hiu.store.records == []
