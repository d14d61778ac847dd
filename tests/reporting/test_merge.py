"""Merging the shards' folders: each case's verdict from the shard that judged it, re-summarised by results.py, and
folders that do not belong together refused in one line."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from abdm_conformance.cli import main
from abdm_conformance.masking import Masker
from abdm_conformance.reporting.merge import MergeError, merge_folders
from abdm_conformance.results import CaseInfo, ScenarioResult, summarise, write_results
from abdm_conformance.sharding import Shard, parse_shard

RUN = {
    "harness": "abdm-conformance",
    "harness_version": "0.1.0",
    "suite_fingerprint": "sha256:abc",
    "started_at": "2026-01-01T00:00:00+00:00",
    "finished_at": "2026-01-01T00:01:00+00:00",
    "target": {"name": "ref", "file": "t.toml", "hip_id": "HIP", "bridge_url": "http://x"},
    "api_version": "v3",
    "transport": "in-process",
    "simulator_violations": [],
}
CASES = {
    "USER_INIT_LINK_603": CaseInfo("USER_INIT_LINK_603", "M2", "discovery", "mandatory", "", "automatic"),
    "USER_INIT_LINK_605": CaseInfo("USER_INIT_LINK_605", "M2", "linking", "mandatory", "", "automatic"),
}
NOT_RUN = "in another shard than this one (1/2, --shard)"


def shard_folder(tmp_path: Path, name: str, judged: dict[str, list[tuple[str, str]]], **run: object) -> Path:
    """A shard's folder: the cases in `judged` with their (scenario, verdict), every other case not_run."""
    folder = tmp_path / name
    folder.mkdir()
    scenarios = []
    for case_id, info in CASES.items():
        for scenario, verdict in judged.get(case_id, [(f"{case_id[-3:]}_1 one", "not_run")]):
            evidence = f"evidence/{case_id}/{scenario.split()[0]}.json" if verdict != "not_run" else None
            if evidence:
                (folder / evidence).parent.mkdir(parents=True, exist_ok=True)
                (folder / evidence).write_text(json.dumps({"case": case_id, "scenario": scenario}))
            reason = NOT_RUN if verdict == "not_run" else ("[LNK.X] wrong" if verdict == "failed" else None)
            scenarios.append(ScenarioResult(info, scenario, verdict, reason, evidence, 0.5))
    write_results(folder, {**RUN, **run}, summarise(scenarios), Masker())
    (folder / "allure-results").mkdir()
    (folder / "allure-results" / f"{name}-result.json").write_text("{}")
    testcases = "".join(
        f'<testcase classname="steps.test_suite" name="test_{s.name.split()[0]}" time="0.5"/>'
        for s in scenarios
        if s.verdict != "not_run"
    )
    (folder / "junit.xml").write_text(
        f'<testsuites><testsuite name="pytest" tests="1" time="1.0" timestamp="2026-01-01T00:00:0{name[-1]}">'
        f'<properties><property name="milestone.M2" value="not_tested"/></properties>{testcases}</testsuite>'
        "</testsuites>"
    )
    return folder


def test_each_case_takes_the_verdict_of_the_shard_that_ran_it(tmp_path):
    one = shard_folder(tmp_path, "s1", {"USER_INIT_LINK_603": [("603_1 discovers", "passed")]}, shard="1/2")
    two = shard_folder(
        tmp_path, "s2", {"USER_INIT_LINK_605": [("605_1 links", "passed"), ("605_2 wrong otp", "failed")]}
    )
    cases = {c.id: c for c in merge_folders(tmp_path / "merged", [one, two])}
    assert cases["USER_INIT_LINK_603"].verdict == "passed"
    assert cases["USER_INIT_LINK_605"].verdict == "failed"
    assert cases["USER_INIT_LINK_605"].reasons == ["605_2 wrong otp: [LNK.X] wrong"]

    merged = json.loads((tmp_path / "merged" / "results.json").read_text())
    assert merged["milestones"]["M2"]["outcome"] == "failed" and merged["exit_code"] == 1
    assert [m["shard"] for m in merged["run"]["merged_from"]] == ["1/2", None] and "shard" not in merged["run"]
    for case in merged["cases"]:
        for scenario in case["scenarios"]:
            assert scenario["evidence"] is None or (tmp_path / "merged" / scenario["evidence"]).is_file()
    assert sorted(p.name for p in (tmp_path / "merged" / "allure-results").iterdir()) == [
        "s1-result.json",
        "s2-result.json",
    ]
    suite = ET.parse(tmp_path / "merged" / "junit.xml").getroot().find("testsuite")
    assert [t.get("name") for t in suite.findall("testcase")] == ["test_603_1", "test_605_1", "test_605_2"]
    assert suite.get("tests") == "3" and suite.get("timestamp") == "2026-01-01T00:00:01"
    assert {p.get("name"): p.get("value") for p in suite.findall("properties/property")} == {"milestone.M2": "failed"}


def test_a_case_no_shard_ran_stays_not_run(tmp_path):
    one = shard_folder(tmp_path, "s1", {"USER_INIT_LINK_603": [("603_1 discovers", "passed")]})
    two = shard_folder(tmp_path, "s2", {})
    cases = {c.id: c for c in merge_folders(tmp_path / "merged", [one, two])}
    assert cases["USER_INIT_LINK_605"].verdict == "not_run"
    merged = json.loads((tmp_path / "merged" / "results.json").read_text())
    assert merged["milestones"]["M2"]["outcome"] == "not_tested"


@pytest.mark.parametrize(
    ("run", "words"),
    [
        ({"suite_fingerprint": "sha256:other"}, "different suite (run.suite_fingerprint"),
        ({"harness_version": "0.2.0"}, "different suite (run.harness_version"),
        ({"api_version": "v0.5"}, "different target (run.api_version"),
        ({"transport": "http"}, "different target (run.transport"),
        ({"target": {**RUN["target"], "hip_id": "OTHER"}}, "different target (run.target"),
    ],
)
def test_folders_of_another_suite_or_target_are_refused(tmp_path, run, words):
    one = shard_folder(tmp_path, "s1", {"USER_INIT_LINK_603": [("603_1 discovers", "passed")]})
    two = shard_folder(tmp_path, "s2", {"USER_INIT_LINK_605": [("605_1 links", "passed")]}, **run)
    with pytest.raises(MergeError, match=words.replace("(", r"\(")):
        merge_folders(tmp_path / "merged", [one, two])
    assert not (tmp_path / "merged").exists()


def test_overlapping_shards_and_a_folder_without_results_are_refused_in_one_line(tmp_path, capsys):
    one = shard_folder(tmp_path, "s1", {"USER_INIT_LINK_603": [("603_1 discovers", "passed")]})
    two = shard_folder(tmp_path, "s2", {"USER_INIT_LINK_603": [("603_1 discovers", "failed")]})
    assert main(["merge", str(tmp_path / "merged"), str(one), str(two), "--no-pdf"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "USER_INIT_LINK_603 was judged in both" in error and "overlapping" in error

    (tmp_path / "empty").mkdir()
    assert main(["merge", str(tmp_path / "merged"), str(one), str(tmp_path / "empty"), "--no-pdf"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "no results.json" in error
    assert main(["merge", str(one), str(one), "--no-pdf"]) == 2
    assert not (tmp_path / "merged" / "results.json").exists()


def test_the_merged_folder_is_reported_and_sealed(tmp_path, capsys):
    one = shard_folder(tmp_path, "s1", {"USER_INIT_LINK_603": [("603_1 discovers", "passed")]})
    two = shard_folder(tmp_path, "s2", {"USER_INIT_LINK_605": [("605_1 links", "passed")]})
    key = tmp_path / "key.pem"
    assert main(["keygen", str(key)]) == 0
    public = capsys.readouterr().out.split()[-1]
    merged = tmp_path / "merged"
    assert main(["merge", str(merged), str(one), str(two), "--no-pdf", "--sign-key", str(key)]) == 0
    assert (merged / "report.html").is_file() and (merged / "manifest.sig").is_file()
    assert main(["verify", str(merged), "--public-key", public]) == 0


def test_shards_are_whole_cases_round_robin_over_sorted_ids():
    ids = ["C", "A", "B", "E", "D"]
    slices = [Shard(k, 2).cases(ids) for k in (1, 2)]
    assert slices == [{"A", "C", "E"}, {"B", "D"}]
    assert set().union(*(Shard(k, 3).cases(ids) for k in (1, 2, 3))) == set(ids)
    assert parse_shard("2/4") == Shard(2, 4)
    for wrong in ("0/2", "3/2", "1", "a/b", "1/0"):
        with pytest.raises(Exception, match="K/N"):
            parse_shard(wrong)
