"""The reference HIP against a stand-in gateway (respx): discovery, token checks, OTP linking.

The stand-in signs with a throwaway RSA key and records every callback. Requests reach
the app through httpx's ASGI transport, which runs the background task before the
response returns, so a callback is recorded by the time a call comes back.
"""

from __future__ import annotations

import json
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from reference_apps.hip import create_app
from tests.reference_apps.common.gateway import V05_GATEWAY, V3_GATEWAY, signed_token, utc
from tests.reference_apps.stand_in_gateway import HIP_ID, StandInGateway, post, send

OTP = "123456"

V3_DISCOVER = "/api/v3/hip/patient/care-context/discover"
V3_LINK_INIT = "/api/v3/hip/link/care-context/init"
V3_LINK_CONFIRM = "/api/v3/hip/link/care-context/confirm"
V3_ON_DISCOVER = "/user-initiated-linking/v3/patient/care-context/on-discover"
V3_ON_CONFIRM = "/user-initiated-linking/v3/link/care-context/on-confirm"
V05_DISCOVER = "/v0.5/care-contexts/discover"
V05_LINK_INIT = "/v0.5/links/link/init"

FORGER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def gateway():
    stand_in = StandInGateway(recorded=r"/on-(discover|init|confirm)$")
    with stand_in.router:
        yield stand_in


@pytest.fixture
def hip():
    return create_app()


def v3_discovery(transaction_id: str) -> dict:
    return {
        "transactionId": transaction_id,
        "patient": {
            "id": "ravi.kumar@sbx",
            "verifiedIdentifiers": [{"type": "ABHA_ADDRESS", "value": "ravi.kumar@sbx"}],
            "unverifiedIdentifiers": [],
            "name": "Ravi  kumar",
            "gender": "M",
            "yearOfBirth": 1986,
        },
    }


def test_v3_discovery_by_abha_address_offers_care_contexts_by_hi_type(gateway, hip):
    transaction_id, request_id = str(uuid.uuid4()), str(uuid.uuid4())

    response = post(hip, V3_DISCOVER, v3_discovery(transaction_id), token=signed_token(), request_id=request_id)

    assert response.status_code == 202 and response.content == b""
    callback, body = gateway.last_callback()
    assert callback.url == V3_GATEWAY + V3_ON_DISCOVER
    assert callback.headers["Authorization"] == "Bearer session-token"
    assert callback.headers["X-CM-ID"] == "sbx" and callback.headers["X-HIP-ID"] == HIP_ID
    assert uuid.UUID(callback.headers["REQUEST-ID"]) and callback.headers["REQUEST-ID"] != request_id
    assert callback.headers["TIMESTAMP"].endswith("Z")

    def entry(hi_type: str, reference: str, display: str) -> dict:
        care_contexts = [{"referenceNumber": reference, "display": display}]
        return {
            "referenceNumber": "PUID-001",
            "display": "Ravi Kumar",
            "careContexts": care_contexts,
            "hiType": hi_type,
            "count": 1,
        }

    assert body == {
        "transactionId": transaction_id,
        "patient": [
            entry("OPConsultation", "VISIT-2024-01", "OPD 12 Jan 2024"),
            entry("Prescription", "RX-2024-01", "Prescription 12 Jan 2024"),
            entry("DiagnosticReport", "LAB-2024-02", "Lipid profile 3 Feb 2024"),
        ],
        "matchedBy": ["ABHA_ADDRESS"],
        "response": {"requestId": request_id},
    }


def test_v05_discovery_of_a_stranger_reports_patient_not_found(gateway, hip):
    body = {
        "requestId": str(uuid.uuid4()),
        "timestamp": utc(),
        "transactionId": str(uuid.uuid4()),
        "patient": {
            "id": "someone.else@sbx",
            "verifiedIdentifiers": [{"type": "MOBILE", "value": "9000000001"}],
            "name": "Someone Else",
            "gender": "F",
            "yearOfBirth": 1970,
        },
    }

    assert post(hip, V05_DISCOVER, body, token=signed_token()).status_code == 202

    callback, answer = gateway.last_callback()
    assert callback.url == V05_GATEWAY + "/v0.5/care-contexts/on-discover"
    assert uuid.UUID(answer["requestId"]) and answer["timestamp"].endswith("Z")
    assert answer["transactionId"] == body["transactionId"]
    assert "patient" not in answer  # ndhm-hip.yml: patient is not nullable
    assert answer["error"] == {"code": 1000, "message": "Patient not found"}
    assert answer["resp"] == {"requestId": body["requestId"]}


@pytest.mark.parametrize(
    "token",
    [None, signed_token(key=FORGER_KEY), signed_token(roles=("hip",)), "not-a-jwt"],
    ids=["no token", "not signed by the gateway", "without the gateway role", "not a JWT"],
)
def test_requests_without_a_gateway_token_are_refused_with_401_and_no_callback(gateway, hip, token):
    response = post(hip, V3_DISCOVER, v3_discovery(str(uuid.uuid4())), token=token, request_id=str(uuid.uuid4()))

    assert response.status_code == 401
    assert response.json()["error"]["code"] in ("ABDM-2500", "ABDM-2401")
    assert gateway.callbacks == []


@pytest.mark.parametrize(
    "content, header_changes",
    [
        ("{not json", {}),
        (json.dumps(v3_discovery("txn")), {"X-HIP-ID": "SOME-OTHER-HIP"}),
        (json.dumps(v3_discovery("txn")), {"REQUEST-ID": None}),
        (json.dumps({"transactionId": "txn"}), {}),
    ],
    ids=["malformed JSON", "another HIP's X-HIP-ID", "no REQUEST-ID", "no patient"],
)
def test_requests_the_hip_cannot_act_on_are_refused_with_400_and_no_callback(gateway, hip, content, header_changes):
    headers = {
        "Authorization": f"Bearer {signed_token()}",
        "X-HIP-ID": HIP_ID,
        "REQUEST-ID": str(uuid.uuid4()),
        "TIMESTAMP": utc(),
        "Content-Type": "application/json",
    }
    headers = {k: v for k, v in (headers | header_changes).items() if v is not None}

    response = send(hip, V3_DISCOVER, content, headers)

    assert response.status_code == 400
    assert set(response.json()["error"]) == {"code", "message"}
    assert gateway.callbacks == []


def test_wrong_otp_is_refused_then_the_right_one_links_only_the_selected_care_context(gateway, hip):
    token, transaction_id = signed_token(), str(uuid.uuid4())
    post(hip, V3_DISCOVER, v3_discovery(transaction_id), token=token, request_id=str(uuid.uuid4()))
    selected = {"referenceNumber": "RX-2024-01", "display": "Prescription 12 Jan 2024"}
    link_init = {
        "transactionId": transaction_id,
        "abhaAddress": "ravi.kumar@sbx",
        "patient": [
            {
                "referenceNumber": "PUID-001",
                "display": "Ravi Kumar",
                "careContexts": [selected],
                "hiType": "Prescription",
                "count": 1,
            }
        ],
    }
    post(hip, V3_LINK_INIT, link_init, token=token, request_id=str(uuid.uuid4()))
    _, on_init = gateway.last_callback()
    assert on_init["link"]["authenticationType"] == "MEDIATED"
    link_reference = on_init["link"]["referenceNumber"]

    wrong_id = str(uuid.uuid4())
    # NHA ABDM v3 API, M2 "Confirm the linking of care contexts": confirmation.token is an integer.
    wrong = {"confirmation": {"linkRefNumber": link_reference, "token": 654321}}
    post(hip, V3_LINK_CONFIRM, wrong, token=token, request_id=wrong_id)
    _, refused = gateway.last_callback()
    assert refused == {"error": {"code": "ABDM-1035", "message": "Incorrect OTP"}, "response": {"requestId": wrong_id}}

    right_id = str(uuid.uuid4())
    right = {"confirmation": {"linkRefNumber": link_reference, "token": int(OTP)}}
    post(hip, V3_LINK_CONFIRM, right, token=token, request_id=right_id)
    callback, confirmed = gateway.last_callback()
    assert callback.url == V3_GATEWAY + V3_ON_CONFIRM
    assert confirmed == {
        "patient": [
            {
                "referenceNumber": "PUID-001",
                "display": "Ravi Kumar",
                "careContexts": [selected],
                "hiType": "Prescription",
                "count": 1,
            }
        ],
        "response": {"requestId": right_id},
    }
    assert hip.state.hip.store.linked == {"ravi.kumar@sbx": {"RX-2024-01"}}

    post(hip, V3_LINK_CONFIRM, right, token=token, request_id=str(uuid.uuid4()))
    _, reused = gateway.last_callback()
    assert "patient" not in reused and reused["error"]["code"] == "ABDM-1056"  # a link reference is single-use


def test_v05_link_init_under_a_transaction_the_hip_never_issued_is_refused(gateway, hip):
    body = {
        "requestId": str(uuid.uuid4()),
        "timestamp": utc(),
        "transactionId": str(uuid.uuid4()),
        "patient": {
            "id": "ravi.kumar@sbx",
            "referenceNumber": "PUID-001",
            "careContexts": [{"referenceNumber": "RX-2024-01"}],
        },
    }

    assert post(hip, V05_LINK_INIT, body, token=signed_token()).status_code == 202

    _, answer = gateway.last_callback()
    assert "link" not in answer
    assert answer["error"] == {"code": 1000, "message": "Invalid TransactionId"}
    assert answer["resp"] == {"requestId": body["requestId"]}


def test_unknown_defect_name_is_a_value_error_naming_the_valid_ones():
    with pytest.raises(ValueError, match="no_such_defect.*valid: .*no_token_check"):
        create_app(defects=["no_such_defect"])
