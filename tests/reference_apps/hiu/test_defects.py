"""Each of the reference HIU's defect switches changes what it names, and only when on."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

from reference_apps.hiu import create_app
from reference_apps.hiu.defects import DEFECTS
from tests.reference_apps.common.apps import asgi, until
from tests.reference_apps.hiu.stand_ins import (
    HIU_ID,
    OP_CONSULT,
    PRESCRIPTION,
    RAVI,
    V05,
    V3,
    StandInHip,
    answer,
    consent_ask,
    consent_requests,
    create_consent_request,
    deliver_artefacts,
    drive,
    granted_transfer,
    notify,
    push,
    records,
)


def test_every_defect_has_a_test():
    assert {name for name in DEFECTS if f"test_{name}" not in globals()} == set()


def test_an_unknown_defect_is_refused():
    with pytest.raises(ValueError, match="no_such_defect"):
        create_app(defects=["no_such_defect"])


def test_find_without_requester(gateway):
    hiu = create_app(defects=["find_without_requester"])

    drive(hiu, "find-patient", {"api_version": "v0.5", "abha_address": RAVI})

    (find,) = gateway.wait_for("/v0.5/patients/find")
    assert find.body["query"] == {"patient": {"id": RAVI}}


def test_past_data_erase_at(gateway):
    hiu = create_app(defects=["past_data_erase_at"])

    drive(hiu, "request-consent", consent_ask(V3))

    (init,) = gateway.wait_for(V3.init)
    erase_at = datetime.fromisoformat(init.body["consent"]["permission"]["dataEraseAt"])
    assert timedelta(hours=23) < datetime.now(timezone.utc) - erase_at < timedelta(hours=25)


def test_unknown_hi_type(gateway):
    hiu = create_app(defects=["unknown_hi_type"])

    drive(hiu, "request-consent", consent_ask(V3))

    (init,) = gateway.wait_for(V3.init)
    assert init.body["consent"]["hiTypes"] == ["OPConsultation", "Prescriptions"]


def test_status_never_updated(gateway):
    hiu = create_app(defects=["status_never_updated"])
    consent_request_id = create_consent_request(hiu, V3, gateway)

    notify(hiu, V3, consent_request_id, "GRANTED", ["a-1"])
    drive(hiu, "check-consent-status", {"api_version": "v3", "consent_request_id": consent_request_id})
    (status,) = gateway.wait_for(V3.status)
    answer(hiu, V3, V3.on_status, status, {"consentRequest": {"id": consent_request_id, "status": "REVOKED"}})

    assert consent_requests(hiu)[0]["status"] == "REQUESTED"


def test_fetches_after_denial(gateway):
    hiu = create_app(defects=["fetches_after_denial"])
    consent_request_id = create_consent_request(hiu, V05, gateway)

    notify(hiu, V05, consent_request_id, "DENIED")

    (fetch,) = gateway.wait_for(V05.fetch)
    (hi_request,) = gateway.wait_for(V05.hi_request)
    assert fetch.body["consentId"] == consent_request_id
    assert hi_request.body["hiRequest"]["consent"] == {"id": consent_request_id}


def test_skips_artefact_fetch(gateway):
    hiu = create_app(defects=["skips_artefact_fetch"])
    consent_request_id = create_consent_request(hiu, V3, gateway)

    notify(hiu, V3, consent_request_id, "GRANTED", ["a-1"])

    (hi_request,) = gateway.wait_for(V3.hi_request)
    assert hi_request.body["hiRequest"]["consent"] == {"id": "a-1"} and gateway.sent(V3.fetch) == []


def test_trusts_other_hiu_artefact(gateway):
    hiu = create_app(defects=["trusts_other_hiu_artefact"])
    consent_request_id = create_consent_request(hiu, V3, gateway)
    notify(hiu, V3, consent_request_id, "GRANTED", ["a-1"])

    deliver_artefacts(hiu, V3, gateway, hiu_id="OTHER-HIU-07")

    (hi_request,) = gateway.wait_for(V3.hi_request)
    assert hi_request.body["hiRequest"]["consent"] == {"id": "a-1"}


def test_reuses_key_material(gateway):
    hiu = create_app(defects=["reuses_key_material"])
    consent_request_id = create_consent_request(hiu, V3, gateway)
    notify(hiu, V3, consent_request_id, "GRANTED", ["a-1", "a-2"])

    deliver_artefacts(hiu, V3, gateway, count=2)

    first, second = (call.body["hiRequest"]["keyMaterial"] for call in gateway.wait_for(V3.hi_request, 2))
    assert first["dhPublicKey"]["keyValue"] == second["dhPublicKey"]["keyValue"]
    assert first["nonce"] == second["nonce"]


def test_ignores_gcm_tag(gateway):
    hiu = create_app(defects=["ignores_gcm_tag"])
    granted = granted_transfer(hiu, V3, gateway)
    hip = StandInHip(granted.hi_request)

    push(hiu, hip.page(granted.transaction_id, [hip.entry("VISIT-1", OP_CONSULT, corrupt_tag=True)]))

    assert [r["bundle"] for r in records(hiu)] == [OP_CONSULT]
    (notify_call,) = gateway.wait_for(V3.hi_notify)
    (status,) = notify_call.body["notification"]["statusNotification"]["statusResponses"]
    assert status["hiStatus"] == "OK"


def test_accepts_wrong_transaction(gateway):
    hiu = create_app(defects=["accepts_wrong_transaction"])
    granted = granted_transfer(hiu, V3, gateway)
    hip = StandInHip(granted.hi_request)

    response = push(hiu, hip.page(str(uuid.uuid4()), [hip.entry("VISIT-1", OP_CONSULT)]))

    assert response.status_code == 202
    assert [(r["consent_id"], r["care_context_reference"]) for r in records(hiu)] == [(granted.consent_id, "VISIT-1")]


def test_stores_duplicate_pages(gateway):
    hiu = create_app(defects=["stores_duplicate_pages"])
    granted = granted_transfer(hiu, V3, gateway)
    hip = StandInHip(granted.hi_request)
    page = hip.page(granted.transaction_id, [hip.entry("VISIT-1", OP_CONSULT)])

    push(hiu, page)
    push(hiu, page)

    assert [r["care_context_reference"] for r in records(hiu)] == ["VISIT-1", "VISIT-1"]


def test_keeps_data_after_revoke(gateway):
    hiu = create_app(defects=["keeps_data_after_revoke"])
    granted = granted_transfer(hiu, V3, gateway)
    hip = StandInHip(granted.hi_request)
    push(hiu, hip.page(granted.transaction_id, [hip.entry("VISIT-1", OP_CONSULT)]))

    notify(hiu, V3, granted.consent_request_id, "REVOKED", [granted.consent_id])

    assert consent_requests(hiu)[0]["status"] == "REVOKED" and len(records(hiu)) == 1


def test_keeps_data_after_expiry(gateway):
    hiu = create_app(defects=["keeps_data_after_expiry"])
    granted = granted_transfer(hiu, V3, gateway)
    hip = StandInHip(granted.hi_request)
    push(hiu, hip.page(granted.transaction_id, [hip.entry("VISIT-1", OP_CONSULT)]))

    notify(hiu, V3, granted.consent_request_id, "EXPIRED")

    assert len(records(hiu)) == 1


def test_ignores_data_erase_at(gateway):
    hiu = create_app(defects=["ignores_data_erase_at"])
    erase_at = datetime.now(timezone.utc) + timedelta(seconds=1)
    granted = granted_transfer(hiu, V3, gateway, erase_at=erase_at)
    hip = StandInHip(granted.hi_request)
    consent_request_id = create_consent_request(hiu, V3, gateway)
    notify(hiu, V3, consent_request_id, "GRANTED", ["past-erase-at"])

    deliver_artefacts(hiu, V3, gateway, erase_at=datetime.now(timezone.utc) - timedelta(minutes=1))
    until(lambda: datetime.now(timezone.utc) > erase_at, "the dataEraseAt to pass", deadline=5)
    response = push(hiu, hip.page(granted.transaction_id, [hip.entry("VISIT-1", OP_CONSULT)]))

    assert response.status_code == 202 and len(records(hiu)) == 1
    assert gateway.wait_for(V3.hi_request, 2)[-1].body["hiRequest"]["consent"] == {"id": "past-erase-at"}


def test_accepts_push_after_revoke(gateway):
    hiu = create_app(defects=["accepts_push_after_revoke"])
    granted = granted_transfer(hiu, V3, gateway)
    hip = StandInHip(granted.hi_request)
    notify(hiu, V3, granted.consent_request_id, "REVOKED", [granted.consent_id])

    response = push(hiu, hip.page(granted.transaction_id, [hip.entry("VISIT-1", OP_CONSULT)]))

    assert response.status_code == 202 and len(records(hiu)) == 1


def test_no_transfer_notify(gateway):
    hiu = create_app(defects=["no_transfer_notify"])
    granted = granted_transfer(hiu, V3, gateway)
    hip = StandInHip(granted.hi_request)

    push(hiu, hip.page(granted.transaction_id, [hip.entry("VISIT-1", OP_CONSULT)]))

    assert len(records(hiu)) == 1 and gateway.sent(V3.hi_notify) == []


def test_mislabels_hi_type(gateway):
    hiu = create_app(defects=["mislabels_hi_type"])
    granted = granted_transfer(hiu, V3, gateway)
    hip = StandInHip(granted.hi_request)

    push(hiu, hip.page(granted.transaction_id, [hip.entry("VISIT-1", OP_CONSULT), hip.entry("RX-1", PRESCRIPTION)]))

    asked = consent_requests(hiu)[0]["hi_types"][0]
    assert [r["hi_type"] for r in records(hiu)] == [asked, asked]


def test_no_token_check(gateway):
    hiu = create_app(defects=["no_token_check"])
    consent_request_id = create_consent_request(hiu, V3, gateway)
    body = {"notification": {"consentRequestId": consent_request_id, "status": "DENIED"}}
    headers = {"Content-Type": "application/json", "X-HIU-ID": HIU_ID, "REQUEST-ID": str(uuid.uuid4())}

    assert asgi(hiu, "POST", V3.notify, body, headers).status_code == 202


def test_notify_all_ok(gateway):
    hiu = create_app(defects=["notify_all_ok"])
    granted = granted_transfer(hiu, V3, gateway)
    hip = StandInHip(granted.hi_request)
    entries = [hip.entry("VISIT-1", OP_CONSULT), hip.entry("RX-1", PRESCRIPTION, corrupt_tag=True)]

    push(hiu, hip.page(granted.transaction_id, entries))

    assert [r["care_context_reference"] for r in records(hiu)] == ["VISIT-1"]
    (notify_call,) = gateway.wait_for(V3.hi_notify)
    responses = notify_call.body["notification"]["statusNotification"]["statusResponses"]
    assert [r["hiStatus"] for r in responses] == ["OK", "OK"]
