"""The M3 checks on what an HIU reads back and where it takes the gateway's calls."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from abdm_conformance.checks import exchanges, hiu
from abdm_conformance.checks.rules import CheckFailed, collecting_warnings
from abdm_conformance.exchange import Direction, Exchange
from abdm_conformance.protocol import V05

HELD = {
    "records": [
        {"consent_id": "artefact-1", "care_context_reference": "VISIT-1", "hi_type": "OPConsultation", "bundle": {}},
        {"consent_id": "artefact-1", "care_context_reference": "RX-1", "hi_type": "OPConsultation", "bundle": {}},
        {"consent_id": "artefact-2", "care_context_reference": "LAB-1", "hi_type": "DiagnosticReport", "bundle": {}},
    ]
}


def read_back(status: int, body: object) -> Exchange:
    return Exchange(
        1, Direction.TO_APP, "v0.5", "driver:read-back", "GET", "http://hiu/x", {}, "", status, {}, json.dumps(body)
    )


@pytest.mark.parametrize("status", [200, 404])
def test_found_false_means_nobody_whether_200_or_404(status):
    assert hiu.patient_shown(read_back(status, {"found": False})) == {"found": False}


def test_any_other_404_is_a_driver_that_did_not_answer():
    with pytest.raises(CheckFailed, match=r"\[DRIVER.ACCEPTED\]"):
        hiu.patient_shown(read_back(404, {"detail": "Not Found"}))


def test_a_record_shown_under_another_hi_type_fails_naming_it():
    pushed = {"VISIT-1": "OPConsultation", "RX-1": "Prescription"}
    with pytest.raises(CheckFailed, match=r"\[HIU.HI_TYPE\] the HIU shows the record of RX-1 as 'OPConsultation'"):
        hiu.labels_hi_types(HELD, "artefact-1", pushed)
    hiu.labels_hi_types(HELD, "artefact-2", {"LAB-1": "DiagnosticReport"})


def test_erasure_is_judged_per_artefact():
    assert not hiu.shows_none_under(read_back(200, HELD), "artefact-1")
    assert hiu.shows_none_under(read_back(200, HELD), "artefact-3")
    assert not hiu.shows_none_under(read_back(500, {}), "artefact-3")  # no answer is not an erasure
    with pytest.raises(CheckFailed, match=r"\[HIU.DATA_ERASE_AT\]"):
        hiu.erased_at(HELD, "artefact-2", datetime.now(timezone.utc))


def test_a_call_taken_only_at_the_other_documented_path_warns():
    def on_request(path: str) -> Exchange:
        return Exchange(1, Direction.TO_APP, "v0.5", "on-hiu-hi-request", "POST", f"http://hiu{path}", {}, "{}", 202)

    with collecting_warnings() as warnings:
        exchanges.taken_at_first_path(on_request("/v0.5/health-information/hiu/on-request"), V05)
        assert warnings == []
        exchanges.taken_at_first_path(on_request("/v0.5/health-information/cm/on-request"), V05)
    assert [w.rule.id for w in warnings] == ["MSG.BRIDGE_PATH"]
