"""The commands a newcomer needs besides `run`: init (a target file per role), list (the test cases), doctor
(what a run needs, checked in seconds); and a target file naming no HIP runs no M2 case."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from abdm_conformance import catalogue
from abdm_conformance.cli import main
from abdm_conformance.config import EMBEDDED_TARGET, load_target

COMMAND = Path(sys.executable).parent / "abdm-conformance"
ROLES = {"hip": "HIP", "hiu": "HIU", "desk": "desk"}
FEATURES = sorted(catalogue.features_folder().rglob("*.feature"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _with_tag(tag: str) -> int:
    """How many feature files carry this tag on their Feature's tag line."""
    return sum(1 for path in FEATURES if f"@{tag}" in path.read_text().split("Feature:")[0].split())


# ---- init ----


@pytest.mark.parametrize("role", ROLES)
def test_init_writes_a_target_file_of_that_role_alone_that_loads(tmp_path, capsys, role):
    path = tmp_path / f"{role}.toml"
    assert main(["init", "--role", role, str(path)]) == 0
    target = load_target(path)
    assert target.role == ROLES[role]
    assert (target.hip_id is not None) == (role == "hip")
    assert (target.hiu is not None) == (role == "hiu") and (target.desk is not None) == (role == "desk")
    out = capsys.readouterr().out
    assert f"abdm-conformance doctor --target {path}" in out and f"abdm-conformance run --target {path}" in out


def test_init_writes_abdm_target_toml_in_the_current_folder_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["init"]) == 0
    assert load_target(tmp_path / "abdm-target.toml").role == "HIP"


def test_init_never_overwrites_a_file(tmp_path, capsys):
    path = tmp_path / "mine.toml"
    path.write_text("my own notes\n")
    assert main(["init", "--role", "hiu", str(path)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and str(path) in error and "exists" in error
    assert path.read_text() == "my own notes\n"


def test_an_unknown_role_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["init", "--role", "phr"])
    assert exited.value.code == 2


# ---- list ----


def _listed(capsys, *options: str) -> list[dict]:
    assert main(["list", "--json", *options]) == 0
    return json.loads(capsys.readouterr().out)


def test_list_names_every_test_case_once(capsys):
    cases = _listed(capsys)
    ids = [case["id"] for case in cases]
    assert len(ids) == len(set(ids)) == len(FEATURES)
    by_path = sorted(cases, key=lambda case: case["path"])
    assert [case["path"] for case in by_path] == [
        path.relative_to(catalogue.features_folder()).as_posix() for path in FEATURES
    ]
    assert all(f"Feature: {case['id']} " in path.read_text() for case, path in zip(by_path, FEATURES, strict=True))
    assert {case["judged_by"] for case in cases} == {"automatic", "attestation"}


@pytest.mark.parametrize("milestone", ["M1", "M2", "M3"])
def test_list_by_milestone(capsys, milestone):
    cases = _listed(capsys, "--milestone", milestone.lower())
    assert {case["milestone"] for case in cases} == {milestone} and len(cases) == _with_tag(milestone)


def test_list_by_how_judged_and_marking(capsys):
    attested = _listed(capsys, "--judged-by", "attestation")
    assert {case["judged_by"] for case in attested} == {"attestation"} and len(attested) == _with_tag("attest")
    optional = _listed(capsys, "--marking", "optional")
    assert {case["marking"] for case in optional} == {"optional"} and len(optional) == _with_tag("optional")


def test_list_by_api_keeps_a_case_any_of_whose_scenarios_applies(capsys):
    everything = {case["id"] for case in _listed(capsys)}
    v3 = {case["id"] for case in _listed(capsys, "--api", "v3")}
    v05 = {case["id"] for case in _listed(capsys, "--api", "v0.5")}
    assert "HIU_FLOW_101" in v05 - v3  # v0.5's patients/find alone
    assert v3 | v05 == everything and v3 < everything
    only_v05 = {c.id for c in catalogue.cases() if c.apis == ("v0.5",)}
    assert everything - v3 == only_v05


def test_list_prints_an_aligned_table(capsys):
    assert main(["list", "--milestone", "M3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["ID", "MILESTONE", "MARKING", "JUDGED"]
    assert lines[-1] == f"{_with_tag('M3')} test case(s)"
    title_column = lines[0].index("TITLE")
    assert all(line[title_column - 2 : title_column] == "  " for line in lines[1:-1])


# ---- doctor ----


def _embedded_on_free_port(folder: Path) -> Path:
    path = folder / "target.toml"
    path.write_text(EMBEDDED_TARGET.read_text().replace("127.0.0.1:8070", f"127.0.0.1:{_free_port()}"))
    return path


def test_doctor_passes_the_embedded_target(tmp_path, capsys):
    assert main(["doctor", "--target", str(_embedded_on_free_port(tmp_path))]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert not [line for line in lines if line.startswith("FAIL")]
    assert any(line.startswith("ok   target.in_process.factory reference_apps.hip:create_app") for line in lines)
    assert all(line[:5] in ("ok   ", "warn ") for line in lines)


def test_doctor_names_a_bridge_nothing_listens_on_with_its_fix(tmp_path, capsys):
    path = tmp_path / "hip.toml"
    assert main(["init", str(path)]) == 0
    bridge = f"http://127.0.0.1:{_free_port()}"
    gateway = f"127.0.0.1:{_free_port()}"
    text = path.read_text().replace("http://127.0.0.1:8071", bridge).replace("127.0.0.1:8070", gateway)
    path.write_text(text)
    capsys.readouterr()
    assert main(["doctor", "--target", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    failed = [line for line in lines if line.startswith("FAIL")]
    assert any(line.startswith(f"FAIL target.bridge_url: the bridge {bridge}") and ": fix: " in line for line in failed)
    assert any(line.startswith("ok   the simulated gateway's address") for line in lines)


def test_doctor_names_a_gateway_port_in_use(tmp_path, capsys):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        path = tmp_path / "target.toml"
        path.write_text(EMBEDDED_TARGET.read_text().replace("127.0.0.1:8070", f"127.0.0.1:{holder.getsockname()[1]}"))
        assert main(["doctor", "--target", str(path)]) == 1
    assert "FAIL the simulated gateway cannot listen" in capsys.readouterr().out


def test_doctor_names_a_target_file_that_does_not_load(tmp_path, capsys):
    assert main(["doctor", "--target", str(tmp_path / "absent.toml")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("FAIL target file") and "does not exist" in lines[0]


# ---- a target file naming no HIP ----


def test_a_desk_alone_run_finds_m2_not_applicable(tmp_path):
    """The run of a desk's target file, M2 selected: nothing to start, every M2 case not applicable, saying why."""
    target = tmp_path / "desk.toml"
    assert main(["init", "--role", "desk", str(target)]) == 0
    out = tmp_path / "out"
    run = [str(COMMAND), "run", "--target", str(target), "--milestone", "M2", "--no-pdf", "--out", str(out)]
    completed = subprocess.run(run, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    results = json.loads((out / "results.json").read_text())
    m2 = [case for case in results["cases"] if case["milestone"] == "M2"]
    assert m2 and {case["verdict"] for case in m2} == {"not_applicable"}
    reasons = {scenario["reason"] for case in m2 for scenario in case["scenarios"]}
    assert reasons <= {"not applicable: the target file names no HIP", "not applicable to API v3"}
    under_v3 = {case.id for case in catalogue.select(catalogue.cases(), milestone="M2", api="v3")}
    for case in m2:  # a scenario of v0.5 alone is found not applicable to v3 first
        assert any(s["reason"].endswith("names no HIP") for s in case["scenarios"]) == (case["id"] in under_v3)
    assert results["milestones"]["M2"]["outcome"] == "not_applicable"
    assert results["run"]["target"]["hip_id"] is None


def test_a_desk_alone_runs_in_process_against_its_own_factory(tmp_path):
    """A desk's target file built in-process starts the desk alone (no HIP to start) and judges its M1 case."""
    target = tmp_path / "desk.toml"
    assert main(["init", "--role", "desk", str(target)]) == 0
    text = target.read_text()
    for old, new in {
        'transport = "http" ': 'transport = "in-process" ',
        "# [desk.in_process]": "[desk.in_process]",
        '# factory = "my_desk.app:create_app"': 'factory = "reference_apps.registration_desk:create_app"',
        'client_id = "MY_DESK_CLIENT"': 'client_id = "REF_DESK_CLIENT"',
        'client_secret = "change-me-0001"': 'client_secret = "ref-desk-secret-0001"',
    }.items():
        assert old in text, old
        text = text.replace(old, new)
    target.write_text(text)
    out = tmp_path / "out"
    run = [str(COMMAND), "run", "--target", str(target), "--case", "CRT_ABHA_101", "--no-pdf", "--out", str(out)]
    completed = subprocess.run(run, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    results = json.loads((out / "results.json").read_text())
    assert next(c for c in results["cases"] if c["id"] == "CRT_ABHA_101")["verdict"] == "passed"
