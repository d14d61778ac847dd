"""A run split over workers (`--workers 2`) or over shards (`--shard K/2`, then `merge`) judges exactly as a serial run:
the same cases, verdicts, reasons, scenarios, evidence files and JUnit test names (timings and timestamps aside)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from abdm_conformance.cli import main
from tests.selftest.conftest import REPO_ROOT, SUITE_DEADLINE_SECONDS, SUITE_ENV, run_suite

# Its runs are shared by the module's tests: under pytest-xdist, one worker runs the module.
pytestmark = pytest.mark.xdist_group("parallel-runs")


def judged(out: Path) -> dict[str, Any]:
    """What a run judged, without what differs from run to run (timings, timestamps, which shard or worker)."""
    results = json.loads((out / "results.json").read_text())
    cases = {
        case["id"]: {
            "verdict": case["verdict"],
            "reasons": case["reasons"],
            "warnings": case["warnings"],
            "scenarios": [(s["name"], s["verdict"], s["reason"], s["evidence"]) for s in case["scenarios"]],
        }
        for case in results["cases"]
    }
    return {
        "cases": cases,
        "summary": results["summary"],
        "milestones": results["milestones"],
        "exit_code": results["exit_code"],
        "simulator_violations": results["run"]["simulator_violations"],
        "evidence": sorted(p.relative_to(out).as_posix() for p in (out / "evidence").rglob("*") if p.is_file()),
        "junit": junit(out / "junit.xml"),
    }


def junit(path: Path) -> dict[str, Any]:
    suite = ET.parse(path).getroot().find("testsuite")
    return {
        "testcases": sorted(t.get("name") for t in suite.findall("testcase")),
        "counts": {name: suite.get(name) for name in ("tests", "failures", "errors", "skipped")},
        "properties": {p.get("name"): p.get("value") for p in suite.findall("properties/property")},
    }


@pytest.fixture(scope="module")
def serial(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("serial")
    run = run_suite(folder / "out", "--workers", "1", "--state", str(folder / "state"))
    assert run.exit_code == 0, run.output
    return run.out_dir


def test_workers_judge_as_a_serial_run(serial, tmp_path):
    run = run_suite(tmp_path / "out", "--workers", "2", "--state", str(tmp_path / "state"))
    assert run.exit_code == 0, run.output
    assert judged(run.out_dir) == judged(serial)
    # A line per test case on the terminal, as in a serial run, and the report and manifest of the controller.
    lines = [line for line in run.output.splitlines() if re.match(r"\s+\w+\s+\S+\s+\d+\.\d s$", line)]
    assert len(lines) == len(json.loads((serial / "results.json").read_text())["cases"])
    assert (run.out_dir / "report.html").is_file() and (run.out_dir / "manifest.json").is_file()
    assert main(["verify", str(run.out_dir)]) == 0


def test_shards_merged_judge_as_a_serial_run(serial, tmp_path, capsys):
    shards = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "abdm_conformance.cli",
                "run",
                "--out",
                str(tmp_path / f"shard-{k}"),
                "--shard",
                f"{k}/2",
                "--workers",
                "1",
                "--state",
                str(tmp_path / f"state-{k}"),
                "--no-pdf",
            ],
            cwd=REPO_ROOT,
            env=SUITE_ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        for k in (1, 2)
    ]
    for shard in shards:
        output, _ = shard.communicate(timeout=SUITE_DEADLINE_SECONDS)
        assert shard.returncode == 0, output
    one, two = (json.loads((tmp_path / f"shard-{k}" / "results.json").read_text()) for k in (1, 2))
    judged_in = [{c["id"] for c in doc["cases"] if c["verdict"] != "not_run"} for doc in (one, two)]
    assert judged_in[0] and judged_in[1] and not judged_in[0] & judged_in[1]
    assert one["run"]["shard"] == "1/2" and one["milestones"]["M3"]["outcome"] != "passed"  # half a milestone

    key = tmp_path / "key.pem"
    assert main(["keygen", str(key)]) == 0
    public = capsys.readouterr().out.split()[-1]
    merged = tmp_path / "merged"
    shard_dirs = [str(tmp_path / "shard-1"), str(tmp_path / "shard-2")]
    assert main(["merge", str(merged), *shard_dirs, "--no-pdf", "--sign-key", str(key)]) == 0
    assert judged(merged) == judged(serial)
    assert main(["verify", str(merged), "--public-key", public]) == 0


def test_workers_over_http_are_refused_in_one_line(tmp_path):
    target = REPO_ROOT / "reference_apps" / "target.toml"
    run = run_suite(tmp_path / "out", "--target", str(target), "--transport", "http", "--workers", "2")
    assert run.exit_code == 2
    assert run.output.strip().count("\n") == 0 and "knows one gateway address" in run.output


def test_a_case_matching_nothing_is_one_error_line_with_workers_too(tmp_path):
    run = run_suite(tmp_path / "out", "--case", "NOPE_1", "--workers", "2")
    assert run.exit_code == 2
    assert [line for line in run.output.splitlines() if "error" in line.lower()] == [
        "ERROR: --case NOPE_1: no test case matches the selection "
        "(give a test-case id such as USER_INIT_LINK_604 or a scenario id such as 604_2)"
    ]
    assert "Traceback" not in run.output and not (run.out_dir / "results.json").exists()
