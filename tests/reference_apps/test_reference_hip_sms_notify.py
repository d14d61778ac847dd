"""The reference HIP's deep-link SMS notify (HIP_INIT_NOTIFY_HIECM): the test driver that
starts it, the notify2 it sends in each API version, and the on-notify it accepts back."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from reference_apps.hip import create_app
from tests.reference_apps.common.gateway import V05_GATEWAY, V3_GATEWAY, signed_token
from tests.reference_apps.stand_in_gateway import HIP_ID, StandInGateway, post, send

DRIVER = "/test-driver/actions/notify-new-record"
V3_NOTIFY = V3_GATEWAY + "/hip/v3/link/patient/links/sms/notify2"
V05_NOTIFY = V05_GATEWAY + "/v0.5/patients/sms/notify2"
V3_ON_NOTIFY = "/api/v3/patients/sms/on-notify"
V05_ON_NOTIFY = "/v0.5/patients/sms/on-notify"


@pytest.fixture
def gateway():
    stand_in = StandInGateway(recorded=r"/(sms/notify2|on-[a-z-]+)$")
    with stand_in.router:
        yield stand_in


@pytest.fixture
def notifies(gateway):
    return gateway.callbacks


@pytest.fixture
def hip():
    return create_app()


def drive(app, action: str, content: str) -> httpx.Response:
    return send(app, f"/test-driver/actions/{action}", content)


def notify_new_record(app, mobile: str, api_version: str) -> httpx.Response:
    return drive(app, "notify-new-record", json.dumps({"mobile": mobile, "api_version": api_version}))


def test_v3_driver_action_sends_notify2_with_the_mobile(notifies, hip):
    response = notify_new_record(hip, "9000000001", "v3")

    assert response.status_code == 202 and response.json() == {"accepted": True}
    [notify] = notifies
    assert str(notify.url) == V3_NOTIFY
    assert notify.headers["Authorization"] == "Bearer session-token"
    assert notify.headers["X-CM-ID"] == "sbx" and notify.headers["X-HIP-ID"] == HIP_ID
    assert uuid.UUID(notify.headers["REQUEST-ID"]) and notify.headers["TIMESTAMP"].endswith("Z")
    assert json.loads(notify.content) == {
        "notification": {"phoneNo": "+91-9000000001", "hip": {"id": HIP_ID, "name": "Reference Hospital"}}
    }


def test_v05_driver_action_sends_notify2_with_ids_in_the_body(notifies, hip):
    response = notify_new_record(hip, "9000000001", "v0.5")

    assert response.status_code == 202 and response.json() == {"accepted": True}
    [notify] = notifies
    assert str(notify.url) == V05_NOTIFY
    assert notify.headers["Authorization"] == "Bearer session-token" and notify.headers["X-CM-ID"] == "sbx"
    assert "REQUEST-ID" not in notify.headers
    body = json.loads(notify.content)
    assert uuid.UUID(body.pop("requestId")) and body.pop("timestamp").endswith("Z")
    assert body == {"notification": {"phoneNo": "+91-9000000001", "hip": {"name": "Reference Hospital", "id": HIP_ID}}}


@pytest.mark.parametrize(
    ("action", "content", "status"),
    [
        ("unheard-of", json.dumps({"mobile": "9000000001", "api_version": "v3"}), 404),
        ("notify-new-record", "not json", 400),
        ("notify-new-record", json.dumps({"mobile": "+91-9000000001", "api_version": "v3"}), 400),
        ("notify-new-record", json.dumps({"mobile": "9000000001", "api_version": "v2"}), 400),
        ("notify-new-record", json.dumps(["9000000001"]), 400),
    ],
)
def test_driver_refuses_unknown_actions_and_bad_bodies_and_sends_nothing(notifies, hip, action, content, status):
    response = drive(hip, action, content)

    assert response.status_code == status and response.json()["error"]["message"]
    assert notifies == []


@pytest.mark.parametrize(("mobile", "phone_no"), [("9876543210", "ravi.kumar@sbx"), ("9000000001", "unknown@sbx")])
def test_sms_with_abha_address_defect_puts_the_abha_address_in_phone_no(notifies, mobile, phone_no):
    app = create_app(defects=["sms_with_abha_address"])

    assert notify_new_record(app, mobile, "v3").status_code == 202

    assert json.loads(notifies[0].content)["notification"]["phoneNo"] == phone_no


def test_v3_on_notify_is_recorded_with_a_gateway_token(gateway, hip):
    notify_id = str(uuid.uuid4())
    body = {"acknowledgement": {"status": "SUCCESS"}, "response": {"requestId": notify_id}}

    response = post(hip, V3_ON_NOTIFY, body, token=signed_token(), request_id=str(uuid.uuid4()))

    assert response.status_code == 202
    assert hip.state.hip.store.sms_acknowledgements[notify_id].status == "SUCCESS"
    assert gateway.callbacks == []  # nothing to answer


def test_v05_on_notify_is_recorded_with_a_gateway_token(gateway, hip):
    notify_id = str(uuid.uuid4())
    body = {
        "requestId": str(uuid.uuid4()),
        "timestamp": "2024-01-15T10:30:00.000Z",
        "status": "ERRORED",
        "error": {"code": 1000, "message": "no such mobile"},
        "resp": {"requestId": notify_id},
    }

    response = post(hip, V05_ON_NOTIFY, body, token=signed_token())

    assert response.status_code == 202
    acknowledgement = hip.state.hip.store.sms_acknowledgements[notify_id]
    assert acknowledgement.status == "ERRORED" and acknowledgement.error["message"] == "no such mobile"


@pytest.mark.parametrize("path", [V3_ON_NOTIFY, V05_ON_NOTIFY])
def test_on_notify_without_a_gateway_token_is_refused(gateway, hip, path):
    notify_id = str(uuid.uuid4())
    body = {
        "requestId": str(uuid.uuid4()),
        "timestamp": "2024-01-15T10:30:00.000Z",
        "status": "ACKNOWLEDGED",
        "acknowledgement": {"status": "SUCCESS"},
        "response": {"requestId": notify_id},
        "resp": {"requestId": notify_id},
    }

    response = post(hip, path, body, request_id=str(uuid.uuid4()))

    assert response.status_code == 401
    assert hip.state.hip.store.sms_acknowledgements == {}


def test_on_notify_with_an_unknown_status_is_refused(gateway, hip):
    body = {"acknowledgement": {"status": "OK"}, "response": {"requestId": str(uuid.uuid4())}}

    response = post(hip, V3_ON_NOTIFY, body, token=signed_token(), request_id=str(uuid.uuid4()))

    assert response.status_code == 400
