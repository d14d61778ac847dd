"""The reference HIU's front desk and consent flows, v3 and v0.5: the test driver, patient
find, consent request init and status, consent notifications and artefact fetch.

The gateway is the stand-in of stand_ins.py; the tests play its side of each exchange.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.reference_apps.common.apps import asgi
from tests.reference_apps.common.gateway import signed_token
from tests.reference_apps.hiu.stand_ins import (
    BOTH,
    HIU_ID,
    HIU_NAME,
    RAVI,
    V05,
    V3,
    answer,
    artefact,
    bridge,
    consent_ask,
    consent_requests,
    create_consent_request,
    deliver_artefacts,
    drive,
    notify,
)

# ---- the test driver's contract ----


@pytest.mark.parametrize(
    "change",
    [
        {"api_version": "v2"},
        {"abha_address": "not-an-abha-address"},
        {"abha_address": None},
        {"purpose_code": "SHOPPING"},
        {"hi_types": []},
        {"hi_types": ["Prescriptions"]},
        {"hi_types": "Prescription"},
        {"date_from": "yesterday"},
        {"date_to": None},
        {"data_erase_at": 20300101},
        {"date_from": "2024-12-31T00:00:00.000Z", "date_to": "2024-01-01T00:00:00.000Z"},
    ],
    ids=lambda change: ",".join(f"{k}={v}" for k, v in change.items()),
)
def test_request_consent_refuses_malformed_input(hiu, gateway, change):
    response = drive(hiu, "request-consent", consent_ask(V3, **change))

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BAD_REQUEST" and response.json()["error"]["message"]
    assert gateway.calls == [] and consent_requests(hiu) == []


def test_driver_actions_need_a_json_object(hiu, gateway):
    for body in ("not json", "[1, 2]"):
        response = asgi(hiu, "POST", "/test-driver/actions/request-consent", body)
        assert response.status_code == 400 and response.json()["error"]["code"] == "BAD_REQUEST"


def test_an_unknown_driver_action_is_404(hiu, gateway):
    response = drive(hiu, "delete-everything", {})

    assert response.status_code == 404 and response.json()["error"]["code"] == "UNKNOWN_ACTION"


def test_find_patient_is_v05_only(hiu, gateway):
    response = drive(hiu, "find-patient", {"api_version": "v3", "abha_address": RAVI})

    assert response.status_code == 400
    assert response.json()["error"] == {"code": "UNSUPPORTED", "message": "v3 has no patient find"}
    assert gateway.calls == []


@BOTH
def test_status_check_of_an_unknown_consent_request_is_404(hiu, gateway, api):
    response = drive(hiu, "check-consent-status", {"api_version": api.name, "consent_request_id": "nope"})

    assert response.status_code == 404 and response.json()["error"]["code"] == "UNKNOWN_CONSENT_REQUEST"
    assert gateway.calls == []


# ---- patient find (v0.5) ----


def test_v05_find_patient_asks_the_gateway_and_records_the_answer(hiu, gateway):
    assert asgi(hiu, "GET", f"/test-driver/patients/{RAVI}").json() == {
        "abha_address": RAVI,
        "found": None,
        "name": None,
    }

    response = drive(hiu, "find-patient", {"api_version": "v0.5", "abha_address": RAVI})

    assert response.status_code == 202 and response.json() == {"accepted": True}
    (find,) = gateway.wait_for("/v0.5/patients/find")
    assert find.body["query"] == {"patient": {"id": RAVI}, "requester": {"type": "HIU", "id": HIU_ID}}
    assert find.body["timestamp"].endswith("Z") and uuid.UUID(find.body["requestId"])
    assert find.headers["X-CM-ID"] == "sbx" and find.headers["X-HIU-ID"] == HIU_ID
    answer(hiu, V05, "/v0.5/patients/on-find", find, {"patient": {"id": RAVI, "name": "Ravi Kumar"}})
    assert asgi(hiu, "GET", f"/test-driver/patients/{RAVI}").json() == {
        "abha_address": RAVI,
        "found": True,
        "name": "Ravi Kumar",
    }


def test_v05_find_of_nobody_is_recorded_as_not_found(hiu, gateway):
    drive(hiu, "find-patient", {"api_version": "v0.5", "abha_address": "nobody@sbx"})
    (find,) = gateway.wait_for("/v0.5/patients/find")

    not_found = {"patient": None, "error": {"code": 1000, "message": "Patient not found"}}
    answer(hiu, V05, "/v0.5/patients/on-find", find, not_found)

    lookup = asgi(hiu, "GET", "/test-driver/patients/nobody@sbx").json()
    assert (lookup["found"], lookup["name"]) == (False, None)


# ---- consent request init and status ----


@BOTH
def test_consent_request_init_carries_what_was_asked(hiu, gateway, api):
    response = drive(hiu, "request-consent", consent_ask(api))

    assert response.status_code == 202 and response.json() == {"accepted": True}
    (init,) = gateway.wait_for(api.init)
    assert init.headers["Authorization"] == "Bearer session-token"
    assert init.headers["X-CM-ID"] == "sbx" and init.headers["X-HIU-ID"] == HIU_ID
    assert ("REQUEST-ID" in init.headers) is not api.ids_in_body and ("requestId" in init.body) is api.ids_in_body
    timestamp = init.body["timestamp"] if api.ids_in_body else init.headers["TIMESTAMP"]
    assert timestamp.endswith("Z") and abs(datetime.now(timezone.utc) - datetime.fromisoformat(timestamp)).seconds < 60
    assert init.body["consent"] == {
        "purpose": {
            "text": "Care Management",
            "code": "CAREMGT",
            "refUri": "http://terminology.hl7.org/ValueSet/v3-PurposeOfUse",
        },
        "patient": {"id": RAVI},
        "hiu": {"id": HIU_ID, "name": HIU_NAME},
        "requester": {
            "name": "Dr. Asha Rao",
            "identifier": {"type": "REGNO", "value": "MH-REF-1001", "system": "https://www.mciindia.org"},
        },
        "hiTypes": ["OPConsultation", "Prescription"],
        "permission": {
            "accessMode": "VIEW",
            "dateRange": {"from": "2024-01-01T00:00:00.000Z", "to": "2024-12-31T23:59:59.999Z"},
            "dataEraseAt": "2030-01-01T00:00:00.000Z",
            "frequency": {"unit": "HOUR", "value": 1, "repeats": 0},
        },
        # v0.5 only: both NHA ymls require it
        **({"consentNotificationUrl": "http://127.0.0.1:8072"} if api is V05 else {}),
    }


@BOTH
def test_on_init_gives_the_consent_request_its_id(hiu, gateway, api):
    drive(hiu, "request-consent", consent_ask(api))
    (init,) = gateway.wait_for(api.init)
    (pending,) = consent_requests(hiu)
    assert (pending["id"], pending["status"]) == (None, "PENDING")

    answer(hiu, api, api.on_init, init, {"consentRequest": {"id": "cr-1"}})

    (stored,) = consent_requests(hiu)
    assert stored == {
        "id": "cr-1",
        "abha_address": RAVI,
        "created_at": pending["created_at"],
        "data_erase_at": "2030-01-01T00:00:00.000Z",
        "status": "REQUESTED",
        "artefacts": [],
        "hi_types": ["OPConsultation", "Prescription"],
    }
    created_at = datetime.fromisoformat(stored["created_at"])
    assert timedelta(0) <= datetime.now(timezone.utc) - created_at < timedelta(minutes=1)


def test_consent_requests_are_listed_oldest_first(hiu, gateway):
    first = create_consent_request(hiu, V3, gateway)
    second = create_consent_request(hiu, V05, gateway, abha_address="asha@sbx")

    assert [(r["id"], r["abha_address"]) for r in consent_requests(hiu)] == [(first, RAVI), (second, "asha@sbx")]


@BOTH
def test_a_refused_consent_request_is_failed(hiu, gateway, api):
    drive(hiu, "request-consent", consent_ask(api))
    (init,) = gateway.wait_for(api.init)

    answer(hiu, api, api.on_init, init, {"error": {"code": "ABDM-1006", "message": "Invalid HI type"}})

    assert [(r["id"], r["status"]) for r in consent_requests(hiu)] == [(None, "FAILED")]


def test_a_consent_request_the_gateway_refuses_outright_is_failed(hiu, gateway):
    gateway.refuse[V3.init] = 400

    drive(hiu, "request-consent", consent_ask(V3))

    gateway.wait_for(V3.init)
    assert consent_requests(hiu)[0]["status"] == "FAILED"


@BOTH
def test_status_check_asks_the_gateway_and_records_the_answer(hiu, gateway, api):
    consent_request_id = create_consent_request(hiu, api, gateway)

    response = drive(hiu, "check-consent-status", {"api_version": api.name, "consent_request_id": consent_request_id})

    assert response.status_code == 202
    (status,) = gateway.wait_for(api.status)
    assert status.body["consentRequestId"] == consent_request_id and status.headers["X-HIU-ID"] == HIU_ID
    on_status = {"consentRequest": {"id": consent_request_id, "status": "GRANTED", "consentArtefacts": [{"id": "a-1"}]}}
    answer(hiu, api, api.on_status, status, on_status)
    (stored,) = consent_requests(hiu)
    assert (stored["status"], stored["artefacts"]) == ("GRANTED", ["a-1"])


# ---- consent notifications ----


@BOTH
def test_granted_consent_is_acknowledged_per_artefact_then_each_artefact_fetched(hiu, gateway, api):
    consent_request_id = create_consent_request(hiu, api, gateway)

    request_id = notify(hiu, api, consent_request_id, "GRANTED", ["a-1", "a-2"])

    (on_notify,) = gateway.wait_for(api.on_notify)
    assert on_notify.body["acknowledgement"] == [
        {"status": "OK", "consentId": "a-1"},
        {"status": "OK", "consentId": "a-2"},
    ]
    assert on_notify.body[api.correlation] == {"requestId": request_id}
    fetches = gateway.wait_for(api.fetch, 2)
    assert [fetch.body["consentId"] for fetch in fetches] == ["a-1", "a-2"]
    assert all(fetch.headers["X-HIU-ID"] == HIU_ID for fetch in fetches)
    assert [c.path for c in gateway.calls[1:]] == [api.on_notify, api.fetch, api.fetch]
    request_ids = [call.request_id for call in gateway.calls]
    assert len(set(request_ids)) == len(request_ids)  # a fresh id for every call
    (stored,) = consent_requests(hiu)
    assert (stored["status"], stored["artefacts"]) == ("GRANTED", ["a-1", "a-2"])


@BOTH
def test_denied_consent_is_acknowledged_and_nothing_is_ever_fetched(hiu, gateway, api):
    consent_request_id = create_consent_request(hiu, api, gateway)

    request_id = notify(hiu, api, consent_request_id, "DENIED")

    (on_notify,) = gateway.wait_for(api.on_notify)
    assert on_notify.body["acknowledgement"] == [{"status": "OK", "consentId": consent_request_id}]
    assert on_notify.body[api.correlation] == {"requestId": request_id}
    assert consent_requests(hiu)[0]["status"] == "DENIED"
    assert gateway.sent(api.fetch) == [] and gateway.sent(api.hi_request) == []


@BOTH
def test_a_notification_for_a_consent_request_never_made_is_acknowledged_as_unknown(hiu, gateway, api):
    notify(hiu, api, "someone-elses", "GRANTED", ["a-9"])

    (on_notify,) = gateway.wait_for(api.on_notify)
    assert on_notify.body["acknowledgement"] == [{"status": "UNKNOWN", "consentId": "a-9"}]
    assert gateway.sent(api.fetch) == []


@BOTH
def test_an_artefact_for_another_hiu_is_never_used(hiu, gateway, api):
    consent_request_id = create_consent_request(hiu, api, gateway)
    notify(hiu, api, consent_request_id, "GRANTED", ["a-1"])

    deliver_artefacts(hiu, api, gateway, hiu_id="OTHER-HIU-07")

    assert gateway.sent(api.hi_request) == []
    stored = hiu.state.hiu.store.artefacts["a-1"]
    assert stored.status == "REJECTED" and "OTHER-HIU-07" in stored.rejection


@BOTH
@pytest.mark.parametrize("status", ["DENIED", "REVOKED", "EXPIRED"])
def test_an_artefact_not_granted_is_never_used(hiu, gateway, api, status):
    consent_request_id = create_consent_request(hiu, api, gateway)
    notify(hiu, api, consent_request_id, "GRANTED", ["a-1"])
    (fetch,) = gateway.wait_for(api.fetch)

    answer(hiu, api, api.on_fetch, fetch, artefact("a-1", status=status))

    assert gateway.sent(api.hi_request) == [] and hiu.state.hiu.store.artefacts["a-1"].status == "REJECTED"


@pytest.mark.parametrize(
    ("api", "in_detail"),
    [(V3, False), (V05, False), (V3, True)],  # only v3 may put dataEraseAt at consentDetail level
    ids=["v3", "v0.5", "v3 at consentDetail level"],
)
def test_an_artefact_past_its_data_erase_at_is_never_used(hiu, gateway, api, in_detail):
    consent_request_id = create_consent_request(hiu, api, gateway)
    notify(hiu, api, consent_request_id, "GRANTED", ["a-1"])

    past = datetime.now(timezone.utc) - timedelta(minutes=1)
    deliver_artefacts(hiu, api, gateway, erase_at=past, erase_at_in_detail=in_detail)

    assert gateway.sent(api.hi_request) == []


def test_a_fetch_error_leaves_the_artefact_unused(hiu, gateway):
    consent_request_id = create_consent_request(hiu, V3, gateway)
    notify(hiu, V3, consent_request_id, "GRANTED", ["a-1"])
    (fetch,) = gateway.wait_for(V3.fetch)

    answer(hiu, V3, V3.on_fetch, fetch, {"error": {"code": "ABDM-1112", "message": "Invalid consent artefact"}})

    assert gateway.sent(V3.hi_request) == [] and "ABDM-1112" in hiu.state.hiu.store.artefacts["a-1"].rejection


# ---- who may call the bridge ----


FORGER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@BOTH
def test_bridge_requests_without_a_gateway_token_are_refused(hiu, gateway, api):
    body = {"notification": {"consentRequestId": "cr-1", "status": "DENIED"}}
    headers = {"Content-Type": "application/json", "X-HIU-ID": HIU_ID, "REQUEST-ID": str(uuid.uuid4())}
    missing = asgi(hiu, "POST", api.notify, body, headers)
    forged, _ = bridge(hiu, api, api.notify, body, token=signed_token(FORGER_KEY))
    no_role, _ = bridge(hiu, api, api.notify, body, token=signed_token(roles=("hiu",)))

    assert [r.status_code for r in (missing, forged, no_role)] == [401, 401, 401]
    code = "ABDM-2500" if api is V3 else 1000
    assert missing.json()["error"]["code"] == code
    assert gateway.calls == []


@BOTH
def test_bridge_requests_for_another_hiu_or_unreadable_are_refused(hiu, gateway, api):
    good = {"notification": {"consentRequestId": "cr-1", "status": "DENIED"}}
    other_hiu, _ = bridge(hiu, api, api.notify, good, hiu_id="OTHER-HIU-07")
    no_status, _ = bridge(hiu, api, api.notify, {"notification": {"consentRequestId": "cr-1"}})
    granted_nothing, _ = bridge(
        hiu, api, api.notify, {"notification": {"consentRequestId": "cr-1", "status": "GRANTED"}}
    )

    assert [r.status_code for r in (other_hiu, no_status, granted_nothing)] == [400, 400, 400]
    assert gateway.calls == []
