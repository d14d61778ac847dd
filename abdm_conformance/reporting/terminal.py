"""What a run shows on the terminal: one line per test case as it finishes, and a table per milestone at the end.

Pure functions from results.json's case dicts (or `CaseResult`s as dicts) to lines of text, coloured only when
asked (the caller decides: a terminal, not a CI log, and no NO_COLOR). The pytest plugin wires them in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from abdm_conformance.results import PASSING, milestone_outcomes

VERDICT_WIDTH = max(len(v) for v in ("not_applicable", "attested", "passed"))
CASE_ID_WIDTH = 34  # the longest official id (HIP_INIT_ABHA_OPTOUT_DEACTIVATE) and some room
PART_LISTED = 6  # of a case run in part, the scenarios that ran listed with their verdicts
REASON_WIDTH = 240  # a reason longer than this is cut on the terminal; the report and results.json keep it whole

# ANSI SGR codes: green, red, bold red, yellow, and nothing for what was not judged.
_COLOURS = {
    "passed": "32",
    "attested": "32",
    "failed": "31",
    "broken": "1;31",
    "attest": "33",
    "not_tested": "33",
}

# The table's columns: a heading and the case verdicts it counts.
COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("passed", tuple(sorted(PASSING))),
    ("failed", ("failed",)),
    ("broken", ("broken",)),
    ("attest", ("attest",)),
    ("not applicable", ("not_applicable",)),
    ("not run", ("not_run", "skipped")),
)


def paint(text: str, verdict: str, colour: bool) -> str:
    """`text` in the colour of `verdict` (a case verdict or a milestone outcome), or as it is."""
    code = _COLOURS.get(verdict)
    return f"\x1b[{code}m{text}\x1b[0m" if colour and code else text


def case_line(case: Mapping[str, Any], seconds: float | None = None, colour: bool = False) -> str:
    """`  passed          USER_INIT_LINK_603                  1.2 s`; a case run in part says how much of it ran."""
    verdict = str(case["verdict"])
    padding = " " * (VERDICT_WIDTH - len(verdict))
    line = f"  {paint(verdict, verdict, colour)}{padding} {str(case['id']).ljust(CASE_ID_WIDTH)}"
    if seconds is not None:
        line += f" {seconds:5.1f} s"
    scenarios = case.get("scenarios") or []
    ran = [s for s in scenarios if s.get("verdict") != "not_run"]
    if ran and len(ran) < len(scenarios):  # the case is not judged, but what ran was
        verdicts = ", ".join(f"{_sub_id(s)} {paint(s['verdict'], s['verdict'], colour)}" for s in ran[:PART_LISTED])
        more = ", …" if len(ran) > PART_LISTED else ""
        line += f"  (ran {len(ran)} of {len(scenarios)} scenarios: {verdicts}{more})"
    return line.rstrip()


def _sub_id(scenario: Mapping[str, Any]) -> str:
    """A scenario's id: the first word of its name (`605_2`)."""
    return str(scenario.get("name", "")).split(" ", 1)[0]


def first_reason(case: Mapping[str, Any]) -> str | None:
    """`605_2: [RULE.ID] detail` of the first scenario that gave the case its verdict, cut to one short line."""
    for scenario in case.get("scenarios") or []:
        if scenario.get("verdict") == case.get("verdict") and scenario.get("reason"):
            reason = " ".join(str(scenario["reason"]).split())
            reason = reason.split(" — rule: ")[0]  # the rule's statement and source are in the report
            sub_id = _sub_id(scenario)
            text = f"{sub_id}: {reason}" if sub_id else reason
            return text if len(text) <= REASON_WIDTH else text[: REASON_WIDTH - 1] + "…"
    reasons = case.get("reasons") or []
    return str(reasons[0]) if reasons else None


def milestone_table(cases: Iterable[Mapping[str, Any]], colour: bool = False) -> list[str]:
    """One row per milestone: how many cases have each verdict, and the milestone's outcome."""
    cases = list(cases)
    outcomes = milestone_outcomes(cases)
    headings = ["milestone", *(heading for heading, _ in COLUMNS), "outcome"]
    rows = []
    for milestone, outcome in outcomes.items():
        in_milestone = [c for c in cases if c.get("milestone") == milestone]
        counts = [str(sum(1 for c in in_milestone if c.get("verdict") in verdicts)) for _, verdicts in COLUMNS]
        rows.append((milestone, counts, outcome["outcome"]))
    widths = [len(h) for h in headings]
    lines = ["  " + "  ".join(headings)]
    for milestone, counts, outcome in rows:
        cells = [milestone.ljust(widths[0])]
        cells += [count.rjust(width) for count, width in zip(counts, widths[1:-1], strict=True)]
        cells.append(paint(outcome.replace("_", " "), outcome, colour))
        lines.append("  " + "  ".join(cells))
    return [line.rstrip() for line in lines]


def problem_lines(cases: Iterable[Mapping[str, Any]], colour: bool = False) -> list[str]:
    """Each failed or broken case with its first reason (which names the rule broken)."""
    lines = []
    for case in cases:
        verdict = str(case.get("verdict"))
        if verdict not in ("failed", "broken"):
            continue
        lines.append(f"  {paint(verdict, verdict, colour)}{' ' * (len('broken') - len(verdict))} {case['id']}")
        if reason := first_reason(case):
            lines.append(f"           {reason}")
    return lines


def summary_lines(cases: Iterable[Mapping[str, Any]], colour: bool = False) -> list[str]:
    """The end of a run: the milestone table, then the failed and broken cases with their first reasons."""
    cases = list(cases)
    if not cases:
        return []
    lines = ["", "test cases per milestone (outcome: mandatory cases only):", *milestone_table(cases, colour)]
    if problems := problem_lines(cases, colour):
        lines += ["", "failed and broken test cases, the first reason of each:", *problems]
    return lines + [""]
