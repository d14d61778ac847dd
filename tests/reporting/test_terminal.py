"""What a run shows people on the terminal: a line per test case, a table per milestone, the first reason of each
failed or broken case; colour only when asked. And a case run in part never reads as passed."""

from __future__ import annotations

import re
from typing import Any

import pytest

from abdm_conformance.reporting.terminal import (
    REASON_WIDTH,
    case_line,
    first_reason,
    milestone_table,
    paint,
    problem_lines,
    summary_lines,
)
from abdm_conformance.results import case_verdict, milestone_outcomes

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def scenario(name: str, verdict: str, reason: str | None = None) -> dict[str, Any]:
    return {"name": name, "verdict": verdict, "reason": reason}


def case(
    case_id: str, milestone: str, verdict: str, *scenarios: dict[str, Any], marking: str = "mandatory"
) -> dict[str, Any]:
    reasons = [f"{s['name']}: {s['reason']}" for s in scenarios if s["reason"]]
    return {
        "id": case_id,
        "milestone": milestone,
        "marking": marking,
        "verdict": verdict,
        "reasons": reasons,
        "scenarios": list(scenarios),
    }


WRONG_OTP = (
    "[LNK.WRONG_OTP] the HIP accepted a wrong OTP and linked DS-2023-11 — rule: a wrong OTP links nothing "
    "(NHA test case USER_INIT_LINK_605)"
)
CASES = [
    case("CRT_ABHA_101", "M1", "not_run", scenario("101_1 The desk asks", "not_run")),
    case("CRT_ABHA_103", "M1", "attest", scenario("103_1 The consent text", "attest", "awaiting the operator")),
    case("USER_INIT_LINK_603", "M2", "passed", scenario("603_1 The HIP takes up", "passed")),
    case(
        "USER_INIT_LINK_605",
        "M2",
        "failed",
        scenario("605_1 The selected care context is linked", "passed"),
        scenario("605_2 A wrong OTP is refused", "failed", WRONG_OTP),
    ),
    case("USER_INIT_LINK_606", "M2", "broken", scenario("606_1 An unknown transaction", "broken", "TimeoutError: x")),
    case("HIP_INIT_NOTIFY_HIECM", "M2", "not_applicable", scenario("NOTIFY_1 The HIP", "not_applicable", "v0.5")),
    case("ADV_HIP_GATEWAY_TOKEN", "M2", "passed", scenario("ADV_HIP_GATEWAY_TOKEN_1 A", "passed"), marking="advisory"),
    case("HIU_FLOW_102", "M3", "attested", scenario("102_1 The HIU", "attested")),
    case("HIU_FLOW_103", "M3", "skipped", scenario("103_1 The HIU", "skipped", "no HIU")),
]


def test_a_case_line_names_the_verdict_the_case_and_its_seconds():
    line = case_line(CASES[2], 1.234)
    assert line.startswith("  passed ")
    assert line.split() == ["passed", "USER_INIT_LINK_603", "1.2", "s"]
    assert case_line(CASES[2]).split() == ["passed", "USER_INIT_LINK_603"]


def test_case_lines_line_up():
    lines = [case_line(c, 12.5) for c in CASES]
    assert len({line.index(c["id"]) for line, c in zip(lines, CASES, strict=True)}) == 1
    assert len({line.rindex(" s") for line in lines}) == 1


def test_a_case_run_in_part_says_what_ran():
    partial = case(
        "USER_INIT_LINK_605",
        "M2",
        "not_run",
        scenario("605_1 The selected care context is linked", "not_run"),
        scenario("605_2 A wrong OTP is refused", "passed"),
    )
    line = case_line(partial, 0.3)
    assert line.split()[:2] == ["not_run", "USER_INIT_LINK_605"]
    assert line.endswith("(ran 1 of 2 scenarios: 605_2 passed)")
    assert "scenarios" not in case_line(CASES[3], 0.3)  # run whole


def test_the_first_reason_is_the_scenario_id_and_the_rule_broken_on_one_short_line():
    assert first_reason(CASES[3]) == "605_2: [LNK.WRONG_OTP] the HIP accepted a wrong OTP and linked DS-2023-11"
    assert first_reason(CASES[4]) == "606_1: TimeoutError: x"
    assert first_reason(CASES[2]) is None
    long = case("X", "M2", "failed", scenario("1_1 Long", "failed", "[A.RULE] " + "word " * 200 + "\nsecond line"))
    reason = first_reason(long)
    assert len(reason) == REASON_WIDTH and reason.endswith("…") and "\n" not in reason
    assert reason.startswith("1_1: [A.RULE] word word")


def test_the_milestone_table_counts_each_verdict_and_gives_the_outcome():
    header, *rows = milestone_table(CASES)
    assert header.split() == [
        "milestone", "passed", "failed", "broken", "attest", "not", "applicable", "not", "run", "outcome"
    ]  # fmt: skip
    by_milestone = {row.split()[0]: row.split()[1:] for row in rows}
    outcomes = milestone_outcomes(CASES)
    assert by_milestone == {
        # passed, failed, broken, attest, not applicable, not run (skipped too); then the outcome
        "M1": ["0", "0", "0", "1", "0", "1", *outcomes["M1"]["outcome"].split("_")],
        "M2": ["2", "1", "1", "0", "1", "0", "failed"],
        "M3": ["1", "0", "0", "0", "0", "1", "not", "tested"],
    }
    assert outcomes["M1"]["outcome"] == "not_tested"
    # every count sits under its heading
    for row in rows:
        for heading in ("passed", "failed", "broken", "attest", "applicable", "run"):
            end = header.index(heading) + len(heading)
            assert row[end - 1].isdigit() and row[end] == " ", (heading, row)


def test_failed_and_broken_cases_are_listed_with_their_first_reason():
    assert problem_lines(CASES) == [
        "  failed USER_INIT_LINK_605",
        "           605_2: [LNK.WRONG_OTP] the HIP accepted a wrong OTP and linked DS-2023-11",
        "  broken USER_INIT_LINK_606",
        "           606_1: TimeoutError: x",
    ]


def test_the_summary_is_the_table_then_the_problems():
    lines = summary_lines(CASES)
    assert lines[1] == "test cases per milestone (outcome: mandatory cases only):"
    assert lines[2:6] == milestone_table(CASES)
    assert lines[7] == "failed and broken test cases, the first reason of each:"
    assert lines[8:12] == problem_lines(CASES)
    assert "failed and broken" not in "\n".join(summary_lines([CASES[2]]))
    assert summary_lines([]) == []


def test_colour_only_when_asked():
    for cases in (CASES, [CASES[3]]):
        plain = [*summary_lines(cases), *(case_line(c, 1.0) for c in cases)]
        coloured = [*summary_lines(cases, colour=True), *(case_line(c, 1.0, colour=True) for c in cases)]
        assert not any(ANSI.search(line) for line in plain)
        assert any(ANSI.search(line) for line in coloured)
        assert [ANSI.sub("", line) for line in coloured] == plain  # colour adds nothing but colour
    assert paint("failed", "failed", True) == "\x1b[31mfailed\x1b[0m"
    assert paint("not_run", "not_run", True) == "not_run"


@pytest.mark.parametrize(
    ("scenario_verdicts", "verdict"),
    [
        (["passed", "passed"], "passed"),
        (["passed", "not_run"], "not_run"),  # 605_2 run alone: 605 not judged, so never passed
        (["attested", "not_run"], "not_run"),
        (["failed", "not_run"], "failed"),  # what ran failed: the case failed
        (["broken", "not_run"], "broken"),
        (["attest", "not_run"], "attest"),
        (["not_run", "not_run"], "not_run"),
        (["passed", "not_applicable"], "passed"),  # a scenario of another API version: the case is judged whole
        (["not_applicable", "not_run"], "not_run"),
    ],
)
def test_a_case_run_in_part_is_not_passed(scenario_verdicts, verdict):
    assert case_verdict(scenario_verdicts) == verdict


def test_a_milestone_with_a_case_run_in_part_is_not_tested():
    cases = [
        case("USER_INIT_LINK_603", "M2", "passed"),
        case("USER_INIT_LINK_605", "M2", case_verdict(["passed", "not_run"])),
    ]
    assert milestone_outcomes(cases)["M2"] == {
        "outcome": "not_tested",
        "not_judged": ["USER_INIT_LINK_605"],
        "judged": 1,
    }
