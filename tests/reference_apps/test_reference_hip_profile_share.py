"""The reference HIP's side of scan and share (SHARE_PATIENT_PROFILE_701), v3 and v0.5 (its 1.0 variant).

respx stands in for the gateway (sessions, keys, and the on-share callback). Requests reach
the app through httpx's ASGI transport, which runs the background task before the response
returns, so the on-share is recorded by the time a call comes back.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from reference_apps.hip import create_app
from reference_apps.hip.store import SharedProfile, Store
from tests.reference_apps.common.gateway import V05_GATEWAY, V3_GATEWAY, signed_token, utc
from tests.reference_apps.stand_in_gateway import HIP_ID, StandInGateway, send

V3_SHARE = "/api/v3/hip/patient/share"
V3_ON_SHARE = V3_GATEWAY + "/patient-share/v3/on-share"
V05_SHARE = "/v1.0/patients/profile/share"
V05_ON_SHARE = V05_GATEWAY + "/v1.0/patients/profile/on-share"

COUNTER = "OPD-COUNTER-1"
NEWCOMER = "asha.devi@sbx"  # not among the HIP's patients: scan and share registers her all the same
KNOWN = "ravi.kumar@sbx"


@pytest.fixture
def gateway():
    stand_in = StandInGateway(recorded=r"/on-share$")
    with stand_in.router:
        yield stand_in


def send_json(app, path: str, body: dict, headers: dict[str, str]) -> httpx.Response:
    return send(app, path, json.dumps(body), {"X-HIP-ID": HIP_ID, "Content-Type": "application/json", **headers})


def share_v3(app, abha_address: str, counter: str = COUNTER, *, token: str | None = None) -> tuple[str, httpx.Response]:
    request_id = str(uuid.uuid4())
    # NHA ABDM v3 API, M2 "Share HIP patient" (POST /api/v3/hip/patient/share): numeric coordinates, a text year.
    body = {
        "intent": "PROFILE_SHARE",
        "metaData": {"hipId": HIP_ID, "context": counter, "latitude": 28.61, "longitude": 77.20},
        "profile": {
            "patient": {
                "abhaNumber": "91-1234-5678-9012",
                "abhaAddress": abha_address,
                "name": "Asha Devi",
                "gender": "F",
                "dayOfBirth": "5",
                "monthOfBirth": "7",
                "yearOfBirth": "1990",
                "address": {"line": "12 MG Road", "district": "Pune", "state": "Maharashtra", "pincode": "411001"},
                "phoneNumber": "9876543210",
            }
        },
    }
    headers = {
        "Authorization": f"Bearer {token or signed_token()}",
        "REQUEST-ID": request_id,
        "TIMESTAMP": utc(),
    }
    return request_id, send_json(app, V3_SHARE, body, headers)


def share_v05(app, abha_address: str, counter: str = COUNTER) -> tuple[str, httpx.Response]:
    request_id = str(uuid.uuid4())
    body = {
        "requestId": request_id,
        "timestamp": utc(),
        "intent": {"type": "PROFILE_SHARE"},
        "location": {"latitude": "28.61", "longitude": "77.20"},
        "profile": {
            "hipCode": counter,
            "patient": {
                "healthId": abha_address,
                "healthIdNumber": "91-1234-5678-9012",
                "name": "Asha Devi",
                "gender": "F",
                "yearOfBirth": 1990,
                "address": {"line": "12 MG Road", "district": "Pune", "state": "Maharashtra", "pincode": "411001"},
                "identifiers": [{"type": "MOBILE", "value": "9876543210"}],
            },
        },
    }
    return request_id, send_json(app, V05_SHARE, body, {"Authorization": f"Bearer {signed_token()}"})


def token_number(version: str, body: dict) -> str:
    acknowledgement = body["acknowledgement"]
    return acknowledgement["profile"]["tokenNumber"] if version == "v3" else acknowledgement["tokenNumber"]


SHARES = {"v3": share_v3, "v0.5": share_v05}


def test_v3_share_registers_an_unknown_patient_and_hands_out_a_token(gateway):
    app = create_app()

    request_id, response = share_v3(app, NEWCOMER)

    assert response.status_code == 202 and response.content == b""
    callback, body = gateway.last_callback()
    assert str(callback.url) == V3_ON_SHARE
    assert callback.headers["Authorization"] == "Bearer session-token" and callback.headers["X-HIP-ID"] == HIP_ID
    assert callback.headers["REQUEST-ID"] != request_id and callback.headers["TIMESTAMP"].endswith("Z")
    assert body == {
        "acknowledgement": {
            "abhaAddress": NEWCOMER,
            "status": "SUCCESS",
            "profile": {"context": COUNTER, "tokenNumber": "1", "expiry": "1800"},
        },
        "response": {"requestId": request_id},
    }
    registered = app.state.hip.store.shared_profiles[NEWCOMER]
    assert (registered.name, registered.gender, registered.year_of_birth) == ("Asha Devi", "F", 1990)
    assert registered.mobile == "9876543210"


def test_v3_share_in_the_hie_cm_yml_shape_is_read_as_well(gateway):
    # NHA HIE-CM Profile Share OpenAPI 3.0.2 (HIE_CM_Profile_Share.yml, POST /v3/hip/patient/profile/share): the
    # patient at the top, intent.context the counter, metaData lat and long, the gender "code word".
    app = create_app()
    body = {
        "abhaAddress": NEWCOMER,
        "abhaNumber": 91123456789012,
        "name": "Asha Devi",
        "gender": "F Female",
        "yearOfBirth": 1990,
        "intent": {"context": 7, "linkToken": str(uuid.uuid4())},
        "metaData": {"lat": 28.61, "long": 77.20},
        "kyc": {},
    }
    headers = {"Authorization": f"Bearer {signed_token()}", "REQUEST-ID": str(uuid.uuid4()), "TIMESTAMP": utc()}

    response = send_json(app, V3_SHARE, body, headers)

    assert response.status_code == 202
    assert token_number("v3", gateway.last_callback()[1]) == "1"
    registered = app.state.hip.store.shared_profiles[NEWCOMER]
    assert (registered.gender, registered.year_of_birth, registered.abha_number) == ("F", 1990, "91123456789012")


def test_v05_share_answers_with_a_token_number(gateway):
    app = create_app()

    request_id, response = share_v05(app, NEWCOMER)

    assert response.status_code == 202
    callback, body = gateway.last_callback()
    assert str(callback.url) == V05_ON_SHARE and "REQUEST-ID" not in callback.headers
    assert uuid.UUID(body["requestId"]) and body["requestId"] != request_id and body["timestamp"].endswith("Z")
    assert body["acknowledgement"] == {"status": "SUCCESS", "healthId": NEWCOMER, "tokenNumber": "1"}
    assert body["resp"] == {"requestId": request_id}
    assert app.state.hip.store.shared_profiles[NEWCOMER].abha_number == "91-1234-5678-9012"


@pytest.mark.parametrize("version", SHARES)
def test_two_patients_at_one_counter_get_different_tokens(gateway, version):
    app, share = create_app(), SHARES[version]

    share(app, NEWCOMER)
    first = token_number(version, gateway.last_callback()[1])
    share(app, KNOWN)
    second = token_number(version, gateway.last_callback()[1])

    assert isinstance(first, str) and isinstance(second, str) and first != second


@pytest.mark.parametrize("version", SHARES)
def test_the_same_patient_sharing_again_gets_the_same_token(gateway, version):
    app, share = create_app(), SHARES[version]

    share(app, NEWCOMER)
    share(app, KNOWN)
    held = token_number(version, gateway.last_callback()[1])
    share(app, KNOWN.upper())  # ABHA addresses are not case-sensitive
    again = token_number(version, gateway.last_callback()[1])

    assert again == held


def test_counters_number_their_queues_separately(gateway):
    app = create_app()

    share_v3(app, NEWCOMER, "OPD-COUNTER-1")
    share_v3(app, KNOWN, "LAB-COUNTER-2")

    assert token_number("v3", gateway.last_callback()[1]) == "1"


def test_a_token_lapses_after_30_minutes_and_its_number_is_free_again():
    store, now, validity = Store(patients=()), datetime.now(timezone.utc), timedelta(minutes=30)
    first = store.token(COUNTER, NEWCOMER, now, validity)
    second = store.token(COUNTER, KNOWN, now + timedelta(minutes=1), validity)

    assert first.expires_at == now + validity
    assert store.token(COUNTER, NEWCOMER, now + timedelta(minutes=29), validity) == first
    renewed = store.token(COUNTER, NEWCOMER, now + validity, validity)
    assert renewed.number == first.number != second.number and renewed.expires_at == now + 2 * validity
    third = store.token(COUNTER, "meena@sbx", now + timedelta(minutes=30, seconds=30), validity)
    assert third.number not in (renewed.number, second.number)


def test_share_without_a_gateway_token_is_refused_and_never_answered(gateway):
    app = create_app()

    request_id, response = share_v3(app, NEWCOMER, token="not-a-jwt")

    assert response.status_code == 401 and gateway.callbacks == []
    assert NEWCOMER not in app.state.hip.store.shared_profiles


def test_a_share_without_the_counter_is_refused(gateway):
    app = create_app()
    body = {"intent": "PROFILE_SHARE", "metaData": {"hipId": HIP_ID, "latitude": "1", "longitude": "2"}}
    headers = {"Authorization": f"Bearer {signed_token()}", "REQUEST-ID": str(uuid.uuid4()), "TIMESTAMP": utc()}

    response = send_json(app, V3_SHARE, body, headers)

    assert response.status_code == 400 and gateway.callbacks == []


def test_same_token_number_gives_everyone_token_1(gateway):
    app = create_app(defects=["same_token_number"])

    share_v05(app, NEWCOMER)
    share_v05(app, KNOWN)

    assert [json.loads(c.content)["acknowledgement"]["tokenNumber"] for c in gateway.callbacks] == ["1", "1"]


def test_short_token_expiry_announces_300_seconds(gateway):
    app = create_app(defects=["short_token_expiry"])

    share_v3(app, NEWCOMER)

    profile = gateway.last_callback()[1]["acknowledgement"]["profile"]
    assert profile["expiry"] == "300" and profile["tokenNumber"] == "1"


def test_opting_out_forgets_the_shared_profile():
    store = Store(patients=())
    profile = SharedProfile(NEWCOMER.upper(), None, "Asha Devi", "F", 1990, None)

    store.register(profile)
    store.forget(NEWCOMER)

    assert store.shared_profiles == {}
