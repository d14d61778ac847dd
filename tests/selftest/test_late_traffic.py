"""An exchange is charged to the scenario whose work it names, never to the one running when it came."""

from __future__ import annotations

import json

from tests.selftest.conftest import DEFECTS_LINE, with_defect, write_target

SLOW_FETCH = {DEFECTS_LINE["hiu"]: DEFECTS_LINE["hiu"].replace("[]", '[], quirks = ["slow_fetch"]')}


def test_a_slow_hius_fetch_under_an_earlier_consent_is_that_scenarios_late_traffic(suite, tmp_path):
    """104_2's patient grants; a slow (conformant) HIU fetches under that artefact only during 105, whose
    patient denies: 105 passes, and its evidence marks the fetch and its data request as 104's."""
    target = write_target(tmp_path, SLOW_FETCH)
    run = suite("--target", str(target), "--api", "v3", "--case", "HIU_FLOW_104", "--case", "HIU_FLOW_105")
    assert [run.case(c)["verdict"] for c in ("HIU_FLOW_104", "HIU_FLOW_105")] == ["passed", "passed"], run.output
    scenario = run.case("HIU_FLOW_105")["scenarios"][0]
    evidence = json.loads((run.out_dir / scenario["evidence"]).read_text())
    late = {e["message"]: e["late_for"] for e in evidence["exchanges"] if "late_for" in e}
    granted_in = "HIU_FLOW_104 104_2 The list follows the patient's decision"
    assert late.get("consent-fetch") == granted_in, evidence["exchanges"]
    assert late.get("hiu-hi-request") == granted_in


def test_a_desk_that_never_registers_the_found_patient_fails_although_an_earlier_case_registered_them(suite, tmp_path):
    """VRFY_ABHA_101 registers the patient; 303 finds the same patient by mobile and the desk stalls before
    registering: 303 is judged from what its own flow changed, not from the register 101 left."""
    target = write_target(tmp_path, with_defect("desk", "never_registers_found_patient"))
    run = suite("--target", str(target), "--case", "VRFY_ABHA_101", "--case", "VRFY_ABHA_303")
    assert run.case("VRFY_ABHA_101")["verdict"] == "passed", run.output
    case = run.case("VRFY_ABHA_303")
    assert case["verdict"] == "failed"
    assert "[ABHA.HELD] the app never finished registering" in case["reasons"][0], case["reasons"]
