"""The bodies the simulator sends are in the shapes NHA documents, field by field where NHA was misread before."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest

from abdm_conformance import protocol, schemas
from abdm_conformance.config import load_target
from abdm_conformance.protocol import V05, V3, Consent
from mocks.gateway.rules import Refusal

PATIENT = load_target().patients[0]
NOW = datetime.now(timezone.utc)


def with_ids(api: protocol.Api, body: dict) -> dict:
    return {"requestId": str(uuid.uuid4()), "timestamp": protocol.utc_timestamp(), **body} if api.ids_in_body else body


def consent() -> Consent:
    return Consent(
        id=str(uuid.uuid4()),
        patient=PATIENT,
        care_contexts=PATIENT.care_contexts[:1],
        hi_types=(PATIENT.care_contexts[0].hi_type,),
        date_from=NOW - timedelta(days=30),
        date_to=NOW,
        erase_at=NOW + timedelta(days=1),
        created_at=NOW,
        hip_id="SIMULATED-HIP",
        hiu_id="SIMULATED-HIU",
    )


def test_v3_profile_share_has_numeric_coordinates_a_text_year_and_no_empty_hpr_id():
    # NHA ABDM v3 API, M2 "Share HIP patient" (POST /api/v3/hip/patient/share): metaData.latitude and longitude are
    # numbers, profile.patient.yearOfBirth is text matching ^(19|20|21|22)\d{2}$, hprId (optional) has a pattern.
    body = protocol.profile_share_body(V3, PATIENT, "HIP-1", "COUNTER-1")
    meta = body["metaData"]
    assert isinstance(meta["latitude"], float) and isinstance(meta["longitude"], float) and "hprId" not in meta
    assert body["profile"]["patient"]["yearOfBirth"] == str(PATIENT.year_of_birth)
    assert schemas.validate_message("v3", "profile-share", body) == []


def test_v05_profile_share_keeps_its_coordinates_as_text():
    # NHA ndhm-hip.yml 0.5 (POST /v1.0/patients/profile/share): location.latitude and longitude are strings.
    body = protocol.profile_share_body(V05, PATIENT, "HIP-1", "COUNTER-1")
    assert all(isinstance(value, str) for value in body["location"].values())
    assert schemas.validate_message("v0.5", "profile-share", with_ids(V05, body)) == []


def test_v3_link_confirm_sends_the_otp_as_an_integer():
    # NHA ABDM v3 API, M2 "Confirm the linking of care contexts" (POST /api/v3/hip/link/care-context/confirm):
    # confirmation.token is an integer; ndhm-hip.yml 0.5 (/v0.5/links/link/confirm) keeps it a string.
    assert protocol.link_confirm_body(V3, "ref", "123456")["confirmation"]["token"] == 123456
    assert protocol.link_confirm_body(V05, "ref", "123456")["confirmation"]["token"] == "123456"


@pytest.mark.parametrize("status", ["GRANTED", "REVOKED", "EXPIRED"])
def test_the_hip_hears_of_every_consent_status_with_the_whole_artefact(status):
    # NHA ABDM v3 API, M2 "Receive the consent decision" (POST /api/v3/consent/request/hip/notify) requires
    # consentDetail, signature and grantAcknowledgement whatever the status.
    body = protocol.consent_notify_body(V3, status, consent(), "signature")
    assert {"consentDetail", "signature", "grantAcknowledgement"} <= set(body["notification"])
    assert schemas.validate_message("v3", "consent-notify", body) == []


@pytest.mark.parametrize("status", ["GRANTED", "DENIED", "REVOKED", "EXPIRED"])
def test_the_hiu_hears_of_a_decision_with_its_artefacts_and_in_v3_a_reason(status):
    # NHA ABDM v3 API, M3 "Notify HIU when consent is APPROVED, DENIED or REVOKED" (POST
    # /api/v3/hiu/consent/request/notify) requires consentArtefacts and a text reason; ndhm-hiu.yml 0.5
    # (/v0.5/consents/hiu/notify) has no reason.
    artefacts = [] if status == "DENIED" else [str(uuid.uuid4())]
    v3 = protocol.hiu_consent_notify_body(V3, "request-1", status, artefacts)["notification"]
    assert isinstance(v3["reason"], str) and v3["consentArtefacts"] == [{"id": a} for a in artefacts]
    v05 = protocol.hiu_consent_notify_body(V05, "request-1", status, artefacts)
    assert "reason" not in v05["notification"]
    assert schemas.validate_message("v0.5", "hiu-consent-notify", with_ids(V05, v05)) == []


def test_v05_on_auth_init_leaves_out_the_hint_rather_than_sending_null():
    # NHA ndhm-hip.yml 0.5 (POST /v0.5/users/auth/on-init): auth.meta.hint is an optional string, not nullable.
    body = protocol.auth_started_body(str(uuid.uuid4()), "MOBILE_OTP", NOW)
    assert "hint" not in body["auth"]["meta"]


@pytest.mark.parametrize("token", [None, "access-token"])
def test_v05_auth_notify_carries_the_transaction_id_at_the_top(token):
    # NHA ndhm-hip.yml and ndhm-gateway-v1.yml 0.5 (POST /v0.5/users/auth/notify) require a top-level transactionId.
    body = protocol.auth_notify_body("txn-1", token, "HIP-1", NOW)
    assert body["transactionId"] == body["auth"]["transactionId"] == "txn-1"
    assert schemas.validate_message("v0.5", "auth-notify", with_ids(V05, body)) == []


def test_error_codes_are_those_nha_allows():
    # NHA ndhm-gateway-v1.yml, ndhm-hip.yml and ndhm-hiu.yml 0.5: Error.code is an integer, enum [1000, 10001];
    # NHA ABDM v3 API errors pages: codes ABDM-xxxx.
    assert protocol.failure_body(V05, "ABDM-1017", "Invalid TransactionId") == {
        "error": {"code": 1000, "message": "Invalid TransactionId"}
    }
    assert protocol.failure_body(V3, "ABDM-1017", "Invalid TransactionId")["error"]["code"] == "ABDM-1017"


@pytest.mark.parametrize("version", ["v3", "v0.5"])
def test_a_refused_gateway_call_is_answered_in_nha_error_shape(version):
    # NHA ndhm-gateway-v1.yml 0.5 ErrorResponse (Error.code enum [1000, 10001]); NHA ABDM v3 API errors pages.
    body = Refusal(400, "ABDM-1016", "Invalid Timestamp").body(protocol.APIS[version])
    assert schemas.validate_message(version, "gateway-error", body) == []
