"""One output folder from the folders of the shards of a run (`abdm-conformance merge OUT DIR...`).

Each shard's results.json lists every test case: those of its slice judged, the others `not_run`. The merged
results take each case's scenarios from the one folder that judged it (a case's scenarios all run in one shard)
and re-summarise them with results.py's own `summarise`, so a case's verdict, a milestone's outcome and the exit
code are decided by the same code as in a single run. Folders of different suites or targets, a case judged in
two folders, or a folder that is not a run's are refused before anything is written.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from dataclasses import asdict
from pathlib import Path
from typing import Any

from abdm_conformance.masking import Masker
from abdm_conformance.reporting.errors import ReportError
from abdm_conformance.results import (
    CaseInfo,
    CaseResult,
    ScenarioResult,
    clear_run_outputs,
    milestone_outcomes,
    summarise,
    write_results,
)

# What every folder of one merge must share: the suite that ran, and what it ran against.
SAME_SUITE = ("harness_version", "suite_fingerprint")
SAME_TARGET = ("target", "api_version", "transport")
MILESTONE_PROPERTY = "milestone."


class MergeError(ReportError):
    """The folders cannot be merged; one line saying which and why (exit code 2)."""


def load_results(folder: Path) -> dict[str, Any]:
    path = folder / "results.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MergeError(f"{folder} is not a run's output folder (no results.json)") from None
    except (OSError, ValueError) as error:
        raise MergeError(f"{path} cannot be read: {error}") from None


def check_mergeable(documents: dict[Path, dict[str, Any]]) -> None:
    """A MergeError unless the folders ran one suite against one target, each case judged in one folder at most."""
    (first, first_doc), *others = documents.items()
    for folder, document in others:
        for key in (*SAME_SUITE, *SAME_TARGET):
            if document["run"].get(key) != first_doc["run"].get(key):
                what = "suite" if key in SAME_SUITE else "target"
                raise MergeError(
                    f"{folder} and {first} ran a different {what} (run.{key}: "
                    f"{_short(document['run'].get(key))} vs {_short(first_doc['run'].get(key))}); not merged"
                )
    judged_in: dict[str, Path] = {}
    for folder, document in documents.items():
        for case in document["cases"]:
            if not _judged(case):
                continue
            if case["id"] in judged_in:
                raise MergeError(
                    f"{case['id']} was judged in both {judged_in[case['id']]} and {folder}: overlapping shards, "
                    "not merged"
                )
            judged_in[case["id"]] = folder


def merge_scenarios(documents: list[dict[str, Any]]) -> list[ScenarioResult]:
    """Every case's scenarios from the folder that judged it (its own `not_run` ones included, for a case run in
    part), else from the first folder that lists it: all `not_run`."""
    chosen: dict[str, dict[str, Any]] = {}
    for document in documents:
        for case in document["cases"]:
            if case["id"] not in chosen or (_judged(case) and not _judged(chosen[case["id"]])):
                chosen[case["id"]] = case
    return [scenario for case in chosen.values() for scenario in scenario_results(case)]


def scenario_results(case: dict[str, Any]) -> list[ScenarioResult]:
    """A case of results.json back into the ScenarioResults it was summarised from."""
    info = CaseInfo(**{name: case[name] for name in CaseInfo.__dataclass_fields__})
    return [
        ScenarioResult(
            info,
            s["name"],
            s["verdict"],
            s.get("reason"),
            s.get("evidence"),
            float(s.get("duration_seconds") or 0.0),
            list(s.get("warnings") or []),
        )
        for s in case["scenarios"]
    ]


def merged_run(documents: list[dict[str, Any]], folders: list[Path]) -> dict[str, Any]:
    runs = [d["run"] for d in documents]
    run = dict(runs[0])
    run["started_at"] = min(r.get("started_at", "") for r in runs)
    run["finished_at"] = max(r.get("finished_at", "") for r in runs)
    run["simulator_violations"] = [v for r in runs for v in r.get("simulator_violations") or []]
    run.pop("shard", None)
    run["merged_from"] = [
        {"folder": folder.name, "shard": r.get("shard"), "started_at": r.get("started_at")}
        for folder, r in zip(folders, runs, strict=True)
    ]
    return run


def merge_folders(out: Path, folders: list[Path]) -> list[CaseResult]:
    """Write OUT's results.json, junit.xml, evidence/ and allure-results/ from the shards' folders (the report and
    manifest are publish()'s); returns the merged cases."""
    if not folders:
        raise MergeError("name the shards' output folders to merge")
    resolved = [folder.resolve() for folder in folders]
    if len(set(resolved)) != len(resolved):
        raise MergeError("a folder is named twice; not merged")
    if out.resolve() in resolved:
        raise MergeError(f"{out} is one of the folders to merge; write the merge to another folder")
    documents = {folder: load_results(folder) for folder in folders}
    check_mergeable(documents)
    clear_run_outputs(out)
    cases = summarise(merge_scenarios(list(documents.values())))
    interrupted = any(d.get("interrupted") for d in documents.values())
    write_results(out, merged_run(list(documents.values()), folders), cases, Masker(), interrupted)
    for name in ("evidence", "allure-results"):
        for folder in folders:
            if (folder / name).is_dir():
                shutil.copytree(folder / name, out / name, dirs_exist_ok=True)
    write_junit(out / "junit.xml", [f / "junit.xml" for f in folders if (f / "junit.xml").is_file()], cases)
    return cases


def write_junit(path: Path, sources: list[Path], cases: list[CaseResult]) -> None:
    """One testsuite with every testcase of the shards, its counts summed and its milestone properties those of
    the merged cases (a shard's own say `not_tested`)."""
    suites = []
    for source in sources:
        try:
            root = ET.parse(source).getroot()
        except ET.ParseError as error:
            raise MergeError(f"{source} cannot be read: {error}") from None
        suites += [root] if root.tag == "testsuite" else root.findall("testsuite")
    merged = ET.Element("testsuite", {"name": suites[0].get("name", "pytest") if suites else "pytest"})
    properties = ET.SubElement(merged, "properties")
    for milestone, outcome in milestone_outcomes([asdict(c) for c in cases]).items():
        ET.SubElement(properties, "property", {"name": f"{MILESTONE_PROPERTY}{milestone}", "value": outcome["outcome"]})
    seen = set()
    for suite in suites:
        for prop in suite.findall("properties/property"):
            name = prop.get("name", "")
            if not name.startswith(MILESTONE_PROPERTY) and name not in seen:
                seen.add(name)
                properties.append(prop)
    testcases = [testcase for suite in suites for testcase in suite.findall("testcase")]
    merged.extend(testcases)
    merged.set("errors", str(sum(1 for t in testcases if t.find("error") is not None)))
    merged.set("failures", str(sum(1 for t in testcases if t.find("failure") is not None)))
    merged.set("skipped", str(sum(1 for t in testcases if t.find("skipped") is not None)))
    merged.set("tests", str(len(testcases)))
    merged.set("time", f"{sum(float(s.get('time', 0) or 0) for s in suites):.3f}")
    if stamps := sorted(s.get("timestamp") for s in suites if s.get("timestamp")):
        merged.set("timestamp", stamps[0])
    if suites and suites[0].get("hostname"):
        merged.set("hostname", suites[0].get("hostname", ""))
    root = ET.Element("testsuites")
    root.append(merged)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def _judged(case: dict[str, Any]) -> bool:
    return any(s.get("verdict") != "not_run" for s in case.get("scenarios", []))


def _short(value: Any) -> str:
    text = json.dumps(value, sort_keys=True) if isinstance(value, dict) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."
