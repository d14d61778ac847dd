"""What a user sees on the terminal: each test case with its verdict as it finishes, then a table per milestone and
the folder; and --case picking one scenario, named by its id."""

from __future__ import annotations

import re
import subprocess
import sys

from abdm_conformance.config import REPO_ROOT
from tests.selftest.conftest import SUITE_ENV

CASE_LINE = re.compile(r"^  (?P<verdict>[a-z_]+) +(?P<case>[A-Za-z0-9_]+) +(?P<seconds>\d+\.\d) s(?P<rest>.*)$", re.M)
TABLE_HEADER = "  milestone  passed  failed  broken  attest  not applicable  not run  outcome"


def case_lines(output: str) -> dict[str, tuple[str, str]]:
    """case → (verdict, the rest of its line), from the terminal output."""
    return {m["case"]: (m["verdict"], m["rest"]) for m in CASE_LINE.finditer(output)}


def run_scenarios(results: dict) -> list[tuple[str, str]]:
    """(case, scenario) of every scenario that ran."""
    return [(c["id"], s["name"]) for c in results["cases"] for s in c["scenarios"] if s["verdict"] != "not_run"]


def test_the_terminal_lists_every_case_with_its_verdict_then_the_milestones(suite):
    run = suite("--case", "USER_INIT_LINK_603", "--case", "USER_INIT_LINK_604")
    assert run.exit_code == 0, run.output
    results = run.results
    ran = {c["id"]: c["verdict"] for c in results["cases"] if c["verdict"] != "not_run"}
    assert set(ran) == {"USER_INIT_LINK_603", "USER_INIT_LINK_604"}
    assert {case: verdict for case, (verdict, _) in case_lines(run.output).items()} == ran
    # pytest's dots, counts of scenarios and session header are not shown; the table is, then the folder
    assert "test session starts" not in run.output and not re.search(r"^\.+", run.output, re.M)
    assert not re.search(r"\d+ passed", run.output)
    lines = run.output.splitlines()
    table = lines.index(TABLE_HEADER)
    assert table > max(lines.index(line) for line in lines if CASE_LINE.match(line))
    rows = {}
    for line in lines[table + 1 :]:
        if not line.strip():
            break
        milestone, *counts = line.split()
        rows[milestone] = counts
    assert set(rows) == set(results["milestones"])
    for milestone, outcome in results["milestones"].items():
        assert " ".join(rows[milestone][6:]) == outcome["outcome"].replace("_", " ")
    assert rows["M2"][:6] == [
        "2",
        "0",
        "0",
        "0",
        "0",
        str(sum(1 for c in results["cases"] if c["milestone"] == "M2") - 2),
    ]
    assert lines.index(f"results, report and evidence: {run.out_dir}") > table


def test_verbose_keeps_pytests_detail(suite):
    run = suite("-v", "--case", "USER_INIT_LINK_603")
    assert run.exit_code == 0, run.output
    assert "test session starts" in run.output and " PASSED" in run.output
    assert case_lines(run.output)["USER_INIT_LINK_603"][0] == "passed" and TABLE_HEADER in run.output


def test_a_scenario_id_runs_that_scenario_alone_and_its_case_is_not_passed(suite):
    run = suite("--case", "USER_INIT_LINK_605:605_2")
    assert run.exit_code == 0, run.output
    assert [s for _, s in run_scenarios(run.results)] == ["605_2 A wrong OTP is refused and links nothing"]
    case = run.case("USER_INIT_LINK_605")
    assert case["verdict"] == "not_run"  # run in part: not judged, so never passed
    assert [s["verdict"] for s in case["scenarios"]] == ["not_run", "passed"]
    assert run.results["milestones"]["M2"]["outcome"] == "not_tested"
    verdict, rest = case_lines(run.output)["USER_INIT_LINK_605"]
    assert verdict == "not_run" and rest == "  (ran 1 of 2 scenarios: 605_2 passed)"


def test_a_scenario_id_of_one_case_needs_no_case_id(suite):
    run = suite("--case", "604_2")
    assert run.exit_code == 0, run.output
    assert run_scenarios(run.results) == [
        ("USER_INIT_LINK_604", "604_2 The HIP finds the patient by mobile number under a new ABHA address")
    ]


def test_a_scenario_id_matching_nothing_or_several_cases_is_a_usage_error(suite):
    run = suite("--case", "USER_INIT_LINK_603", "--case", "605_9")
    assert run.exit_code == 2
    assert run.output.strip().splitlines() == [
        "ERROR: --case 605_9: no test case matches the selection "
        "(give a test-case id such as USER_INIT_LINK_604 or a scenario id such as 604_2)"
    ]
    assert not (run.out_dir / "results.json").exists()

    run = suite("--case", "605_2")  # PROF_ABHA_605 (M1) has a 605_2 too
    assert run.exit_code == 2
    assert "PROF_ABHA_605, USER_INIT_LINK_605" in run.output and "--case USER_INIT_LINK_605:605_2" in run.output
    assert not (run.out_dir / "results.json").exists()


def test_test_names_carry_the_scenario_id_so_k_finds_a_scenario():
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "steps", "--collect-only", "-q", "-k", "604_2"],
        cwd=REPO_ROOT,
        env=SUITE_ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    tests = [line for line in collected.stdout.splitlines() if "::" in line]
    assert tests == [
        "steps/test_suite.py::test_604_2_the_hip_finds_the_patient_by_mobile_number_under_a_new_abha_address"
    ]
