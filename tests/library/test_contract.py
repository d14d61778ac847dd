"""Every exchange is judged against NHA's contract: the app's breaches fail, the simulator's are the harness's
bugs, and what the harness advises beyond NHA only warns."""

from __future__ import annotations

import json
import uuid

import pytest

from abdm_conformance.checks import CheckFailed, contract, exchanges, linking
from abdm_conformance.checks.rules import collecting_warnings
from abdm_conformance.exchange import Direction, Exchange

HOSTILE = "<script>document.title='pwned'</script> 2345 6789 0123 eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln"


def on_link_init(direction: Direction = Direction.FROM_APP, **link: object) -> Exchange:
    body = {
        "transactionId": str(uuid.uuid4()),
        "link": {
            "referenceNumber": "LINK-1",
            "authenticationType": "MEDIATED",
            "meta": {
                "communicationMedium": "MOBILE",
                "communicationHint": "OTP",
                "communicationExpiry": "2024-05-01T05:22:34.123Z",
            },
            **link,
        },
        "response": {"requestId": str(uuid.uuid4())},
    }
    return exchange("on-link-init", body, direction)


def exchange(message: str, body: object, direction: Direction = Direction.FROM_APP, api: str = "v3") -> Exchange:
    return Exchange(1, direction, api, message, "POST", "http://app/x", {}, json.dumps(body), status=202)


def test_a_conformant_message_draws_nothing():
    with collecting_warnings() as warnings:
        assert contract.judge_scenario([on_link_init()]) == ([], [])
    assert warnings == []


def test_direct_authentication_is_nhas_and_only_warns():
    """NHA's v0.5 ymls and v3 pages allow DIRECT: USER_INIT_LINK_605 takes it, with advice."""
    callback = on_link_init(authenticationType="DIRECT")
    with collecting_warnings() as warnings:
        assert contract.judge_scenario([callback]) == ([], [])
        assert linking.sends_otp_for_link(callback.request_json) == "LINK-1"
    assert [w.rule.id for w in warnings] == ["LNK.OTP_DETAILS"]


def test_an_app_message_outside_nhas_enum_fails_with_the_field_path():
    app_breaches, simulator_breaches = contract.judge_scenario([on_link_init(authenticationType="OTP")])
    assert simulator_breaches == []
    assert len(app_breaches) == 1 and "$.link.authenticationType" in app_breaches[0], app_breaches


def test_a_simulator_message_that_breaks_the_contract_is_the_harness_bug():
    sent = on_link_init(Direction.TO_APP, authenticationType="OTP")
    app_breaches, simulator_breaches = contract.judge_scenario([sent])
    assert app_breaches == [] and [v.exchange for v in simulator_breaches] == [sent]


def test_a_body_that_is_not_json_fails():
    garbage = Exchange(1, Direction.FROM_APP, "v3", "on-link-init", "POST", "http://gw/x", {}, "<html>", status=202)
    with pytest.raises(CheckFailed, match=r"\[MSG.SCHEMA\] on-link-init body is not JSON"):
        exchanges.conforms_to_schema(garbage)


def test_a_hostile_display_fails_on_nhas_v3_pattern_and_warns_naming_the_field():
    """NHA's v3 on-discover pages restrict display to a pattern that allows no markup."""
    visit = {"referenceNumber": "VISIT-2024-01", "display": HOSTILE}
    patient = {"referenceNumber": "PUID-001", "display": "Ravi Kumar", "careContexts": [visit]}
    body = {
        "transactionId": str(uuid.uuid4()),
        "patient": [{**patient, "hiType": "OPConsultation", "count": 1}],
        "matchedBy": ["MOBILE"],
        "response": {"requestId": str(uuid.uuid4())},
    }
    with collecting_warnings() as warnings:
        app_breaches, _ = contract.judge_scenario([exchange("on-discover", body)])
    assert len(app_breaches) == 1 and "$.patient[0].careContexts[0].display: " in app_breaches[0], app_breaches
    hazards = sorted(w.detail.rsplit(" carries ", 1)[1] for w in warnings if w.rule.id == "ADV.TEXT")
    assert hazards == ["a token (JWT)", "markup", "what looks like an Aadhaar number"]
    assert all("on-discover $.patient[0].careContexts[0].display" in w.detail for w in warnings)


def test_exchanges_no_schema_judges_are_left_alone():
    driver_call = Exchange(1, Direction.TO_APP, "v3", "driver:enter-otp", "POST", "http://app/x", {}, "{}")
    assert contract.judge_scenario([driver_call]) == ([], [])


def test_warnings_outside_a_scenario_are_dropped():
    assert contract.violations(on_link_init(authenticationType="DIRECT")) == []  # no collector: nothing raised
