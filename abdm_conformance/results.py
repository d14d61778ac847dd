"""Verdicts per official test case, and the files that carry them: results.json and evidence.

A test case (one feature file) has scenarios; its verdict is the worst of theirs.
Only mandatory cases decide the exit code: optional and advisory ones are reported
but do not fail a CI run. Everything written passes through the masker.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from abdm_conformance.attestations import Attestation
from abdm_conformance.exchange import Exchange
from abdm_conformance.masking import Masker

# Worst first: the order decides a case's verdict from its scenarios' verdicts.
# "attest": only an operator can judge it and no attestation was given yet; "not_run": not selected this run.
VERDICTS = ("broken", "failed", "attest", "attested", "passed", "skipped", "not_run", "not_applicable")
GATING_MARKINGS = frozenset({"mandatory"})
EXPLAINED = ("failed", "broken", "attest")  # verdicts whose reasons a case lists
PASSING = frozenset({"passed", "attested"})  # an operator's attestation settles a case only a screen shows
NOT_RUN = frozenset({"skipped", "not_run", "not_applicable"})
INTERRUPTED_EXIT_CODE = 130  # as a shell reports a run stopped by Ctrl-C


@dataclass(frozen=True)
class CaseInfo:
    id: str
    milestone: str
    title: str
    marking: str  # mandatory | optional | conditional | advisory
    description: str  # what the case verifies, in the feature file's words
    judged_by: str  # "automatic" (the traffic and the app's read-back) or "attestation" (only a screen shows it)


@dataclass
class ScenarioResult:
    case: CaseInfo
    name: str
    verdict: str
    reason: str | None
    evidence: str | None  # path relative to the output folder
    duration_seconds: float
    warnings: list[dict[str, str]] = field(default_factory=list)  # advice beyond NHA's rules: never fails a case


@dataclass
class CaseResult:
    id: str
    milestone: str
    title: str
    marking: str
    description: str
    judged_by: str
    verdict: str
    reasons: list[str]
    warnings: list[str] = field(default_factory=list)  # "scenario: [rule] detail", beside the verdict
    scenarios: list[dict[str, Any]] = field(default_factory=list)


def case_verdict(scenario_verdicts: list[str]) -> str:
    """The worst scenario's verdict; a case run in part (`--case 605_2`) that passed what ran is `not_run`, since
    what was not run was not judged: never passed on part of its scenarios."""
    worst = min(scenario_verdicts, key=VERDICTS.index)
    return "not_run" if worst in PASSING and "not_run" in scenario_verdicts else worst


def summarise(scenarios: list[ScenarioResult]) -> list[CaseResult]:
    by_case: dict[str, list[ScenarioResult]] = {}
    for scenario in scenarios:
        by_case.setdefault(scenario.case.id, []).append(scenario)
    cases = []
    for case_id, results in by_case.items():
        info = results[0].case
        cases.append(
            CaseResult(
                id=case_id,
                milestone=info.milestone,
                title=info.title,
                marking=info.marking,
                description=info.description,
                judged_by=info.judged_by,
                verdict=case_verdict([r.verdict for r in results]),
                reasons=[
                    f"{r.name}: {r.reason}" for r in results if r.reason and r.verdict in ("failed", "broken", "attest")
                ],
                warnings=[f"{r.name}: [{w['rule']}] {w['detail']}" for r in results for w in r.warnings],
                scenarios=[
                    {
                        "name": r.name,
                        "verdict": r.verdict,
                        "reason": r.reason,
                        "evidence": r.evidence,
                        "duration_seconds": round(r.duration_seconds, 3),
                        "warnings": r.warnings,
                    }
                    for r in results
                ],
            )
        )
    return sorted(cases, key=lambda c: (c.milestone, c.id))


def exit_code(cases: list[CaseResult]) -> int:
    """0 when every applicable mandatory case passed (or was attested), 1 when one failed or broke.

    A case awaiting attestation does not fail a run: the report lists it as incomplete.
    """
    gating = [c for c in cases if c.marking in GATING_MARKINGS]
    return 1 if any(c.verdict in ("failed", "broken") for c in gating) else 0


def milestone_outcome(cases: list[Mapping[str, Any]], milestone: str) -> dict[str, Any]:
    """passed only when every applicable mandatory case of the milestone was judged and passed (or attested);
    failed when one failed or broke; not_tested when one was skipped, not run or awaits an attestation;
    not_applicable when no mandatory case applies."""
    mandatory = [
        c
        for c in cases
        if c.get("milestone") == milestone
        and c.get("marking") in GATING_MARKINGS
        and c.get("verdict") != "not_applicable"
    ]
    not_judged = sorted(str(c.get("id")) for c in mandatory if c.get("verdict") not in (*PASSING, "failed", "broken"))
    if not mandatory:
        outcome = "not_applicable"
    elif any(c.get("verdict") in ("failed", "broken") for c in mandatory):
        outcome = "failed"
    else:
        outcome = "not_tested" if not_judged else "passed"
    return {"outcome": outcome, "not_judged": not_judged, "judged": len(mandatory) - len(not_judged)}


def milestone_outcomes(cases: list[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    return {m: milestone_outcome(cases, m) for m in sorted({str(c.get("milestone")) for c in cases})}


RUN_OUTPUTS = (
    "results.json",
    "junit.xml",
    "evidence",
    "allure-results",
    "report.html",
    "report.pdf",
    "manifest.json",
    "manifest.sig",
    "exit-pack.zip",
)


def clear_run_outputs(out_dir: Path) -> None:
    """Remove a previous run's outputs (only those), so no stale evidence mixes into this run."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in RUN_OUTPUTS:
        path = out_dir / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def write_results(
    out_dir: Path, run: dict[str, Any], cases: list[CaseResult], masker: Masker, interrupted: bool = False
) -> Path:
    """results.json; an interrupted run says so and carries exit code 130, whatever its cases say."""
    counts = {verdict: sum(1 for c in cases if c.verdict == verdict) for verdict in VERDICTS}
    counts["warnings"] = sum(len(c.warnings) for c in cases)
    as_dicts = [asdict(c) for c in cases]
    document = {
        "run": run,
        "interrupted": interrupted,
        "summary": counts,
        "milestones": milestone_outcomes(as_dicts),
        "exit_code": INTERRUPTED_EXIT_CODE if interrupted else exit_code(cases),
        "cases": as_dicts,
    }
    path = out_dir / "results.json"
    path.write_text(json.dumps(masker.data(document), indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def write_evidence(
    out_dir: Path,
    case_id: str,
    scenario: str,
    exchanges: list[Exchange],
    masker: Masker,
    attestation: Attestation | None = None,
    late_for: dict[int, str] | None = None,
) -> str:
    """One JSON file per scenario with every exchange it caused (and any operator attestation,
    its screenshots copied beside it), masked; returns its relative path. `late_for`: seq → the earlier
    scenario an exchange is late traffic of, marked on it so a reader sees why it was not judged here."""
    folder = out_dir / "evidence" / _slug(case_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_slug(scenario)}.json"
    for repeat in range(2, 1000):  # scenarios of one name (outline examples) keep their own files
        if not path.exists():
            break
        path = folder / f"{_slug(scenario)}-{repeat}.json"
    relative = path.relative_to(out_dir)
    late_for = late_for or {}
    entries = [{**e.to_dict(), "late_for": late_for[e.seq]} if e.seq in late_for else e.to_dict() for e in exchanges]
    document: dict[str, Any] = {"case": case_id, "scenario": scenario, "exchanges": entries}
    if attestation is not None:
        screenshots = []
        for screenshot in attestation.screenshots:
            copy = folder / f"attested-{_slug(screenshot.name)}"
            shutil.copyfile(screenshot, copy)
            screenshots.append(copy.relative_to(out_dir).as_posix())
        document["attestation"] = {
            "attested_by": attestation.attested_by,
            "date": attestation.date,
            "notes": attestation.notes,
            "screenshots": screenshots,
        }
    path.write_text(json.dumps(masker.data(document), indent=2, ensure_ascii=False), encoding="utf-8")
    return relative.as_posix()


def scrub_files(out_dir: Path, masker: Masker) -> None:
    """Mask every text file under the output folder: the last line of defence for what other
    writers (JUnit, Allure) copied from exception messages or captured output."""
    for path in out_dir.rglob("*"):
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            masked = masker.text(text)
            if masked != text:
                path.write_text(masked, encoding="utf-8")


def suite_fingerprint(roots: list[Path]) -> str:
    """SHA-256 over the feature and schema files (path and content), naming the suite that ran."""
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".feature", ".json")):
            digest.update(path.relative_to(root.parent).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return f"sha256:{digest.hexdigest()}"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:80] or "unnamed"
