"""The README's main job: the whole suite against the embedded reference HIP and HIU passes, privately."""

from __future__ import annotations

import base64
import json
import re

import pytest

from abdm_conformance.config import load_target
from abdm_conformance.reporting.manifest import verify_output
from mocks.abha.identities import make_identities
from mocks.gateway.simulator import ABHA_SEED
from tests.selftest.conftest import Run, run_suite

# Its runs are shared by the module's tests: under pytest-xdist, one worker runs the module.
pytestmark = pytest.mark.xdist_group("embedded-run")

CASES = {
    "ADV_HIP_GATEWAY_TOKEN",
    "ADV_HIU_GATEWAY_TOKEN",
    "HIP_INIT_ABHA_OPTOUT_DEACTIVATE",
    "HIP_INIT_EXPIRE_CONSENT",
    "HIP_INIT_GRANT_CONSENT_",
    "HIP_INIT_NOTIFY_HIECM",
    "HIP_INIT_REVOKE_CONSENT",
    "HIP_INIT_SHARE_CARECONTEXT",
    "Health_RECORD_CREATION_101",
    "SHARE_PATIENT_PROFILE_701",
    "USER_INIT_LINK_602",
    "USER_INIT_LINK_603",
    "USER_INIT_LINK_604",
    "USER_INIT_LINK_605",
    "USER_INIT_LINK_606",
    "USER_INIT_LINK_607",
    *(f"HIP_INTI_LINK_{n}" for n in (*range(201, 207), *range(301, 307), *range(401, 406), *range(501, 507))),
    *(f"HIU_FLOW_{n}" for n in (*range(101, 114), 201, 202, 301)),
    *(f"CRT_ABHA_{n}" for n in (101, 102, 104, 105, 107, 108, 109, 112, 113, 114, *range(401, 407), 408)),
    *(f"VRFY_ABHA_{n}" for n in (101, 102, 201, 202, *range(301, 306), *range(401, 406))),
    "TAGGING_UNIQUEPATIENTID_UNIQUEABHANUMBER",
}
# Only a screen (or a biometric device, or a government benefit programme) shows these: an operator attests.
ATTESTED = {
    "USER_INIT_LINK_602",
    *(f"CRT_ABHA_{n}" for n in (103, 106, 115, *range(201, 211), *range(301, 310), 407, *range(409, 412))),
    "VRFY_ABHA_501",
    "VRFY_ABHA_502",
    *(f"PROF_ABHA_{n}" for n in range(601, 606)),
    "LINK_ABHA_701",
}
V05_ONLY = {"HIP_INIT_ABHA_OPTOUT_DEACTIVATE", "HIU_FLOW_101"} | {
    f"HIP_INTI_LINK_{n}" for n in (*range(201, 207), *range(301, 307), *range(401, 406))
}
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
JWT = re.compile(r"eyJ[\w-]{4,}\.[\w-]{4,}\.")
# A field that carries a secret, written with anything but the mask as its value.
SECRET_FIELD = re.compile(
    r'"(token|Authorization|authorization|accessToken|linkToken|X-LINK-TOKEN|x-link-token|authCode|otp)": "(?!\*\*\*)'
)


@pytest.fixture(scope="module")
def embedded_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """The README's main job, once per API version, for every test here that judges a whole run."""
    return {api: run_suite(tmp_path_factory.mktemp(api) / "out", "--api", api, pdf=True) for api in ("v3", "v0.5")}


@pytest.mark.parametrize("api", ["v3", "v0.5"])
def test_every_case_passes_in_process(embedded_runs, api):
    run = embedded_runs[api]
    assert run.exit_code == 0, run.output
    verdicts = {c["id"]: c["verdict"] for c in run.results["cases"]}
    expected = {case: "passed" for case in CASES} | {case: "attest" for case in ATTESTED}
    if api == "v3":
        expected |= {case: "not_applicable" for case in V05_ONLY}
    assert verdicts == expected
    judged_by = {c["id"]: c["judged_by"] for c in run.results["cases"]}
    assert judged_by == {case: "attestation" if case in ATTESTED else "automatic" for case in expected}
    assert (run.out_dir / "junit.xml").is_file() and any((run.out_dir / "allure-results").iterdir())
    assert (run.out_dir / "report.pdf").read_bytes().startswith(b"%PDF")
    assert verify_output(run.out_dir) == []


@pytest.mark.parametrize("api", ["v3", "v0.5"])
def test_the_simulator_speaks_nhas_contract(embedded_runs, api):
    """Every message the simulator sent in a full run is one NHA's contract accepts: an integrator who
    builds against it learns NHA's shapes."""
    assert embedded_runs[api].results["run"]["simulator_violations"] == []


@pytest.mark.parametrize("api", ["v3", "v0.5"])
def test_the_reference_apps_draw_no_warning(embedded_runs, api):
    """The reference apps follow NHA's current pages and the harness's advice: a warning there is a drift."""
    warnings = {c["id"]: c["warnings"] for c in embedded_runs[api].results["cases"] if c["warnings"]}
    assert warnings == {}


def test_v3_only_scenarios_are_not_applicable_in_v05(suite):
    run = suite("--api", "v0.5", "--case", "USER_INIT_LINK_604")
    scenarios = {s["name"]: s["verdict"] for s in run.case("USER_INIT_LINK_604")["scenarios"]}
    assert scenarios["604_3 The HIP groups the care contexts by HI type and counts them"] == "not_applicable"


@pytest.mark.parametrize("api", ["v3", "v0.5"])
def test_nothing_secret_is_written(embedded_runs, api):
    secrets = load_target().secrets()
    # The run's Aadhaar holders, entered at the desk and sent to ABHA: written masked to their last four digits.
    aadhaar_numbers = [identity.aadhaar for identity in make_identities(ABHA_SEED)]
    for path in embedded_runs[api].out_dir.rglob("*"):
        if path.is_file():
            text = path.read_text(errors="replace")
            assert not any(secret in text for secret in secrets), path
            assert not any(number in text for number in aadhaar_numbers), path
            assert not JWT.search(text), path
            assert not SECRET_FIELD.search(text), path


def test_every_verdict_has_evidence(suite):
    run = suite("--case", "USER_INIT_LINK_605")
    for scenario in run.case("USER_INIT_LINK_605")["scenarios"]:
        evidence = (run.out_dir / scenario["evidence"]).read_text()
        assert "on-link-confirm" in evidence


def test_an_unknown_case_is_a_usage_error(suite):
    run = suite("--case", "NO_SUCH_CASE")
    assert run.exit_code == 2
    assert "no test case matches" in run.output


def test_an_operator_attestation_settles_a_screen_only_case(suite, tmp_path):
    (tmp_path / "search.png").write_bytes(PNG)
    (tmp_path / "attestations.toml").write_text(
        '[[attestation]]\ncase = "USER_INIT_LINK_602"\nattested_by = "A. Tester"\ndate = "2026-11-23"\n'
        'notes = "Reference Hospital is listed"\nscreenshots = ["search.png"]\n'
    )
    run = suite("--case", "USER_INIT_LINK_602", "--attestations", str(tmp_path / "attestations.toml"))
    assert run.exit_code == 0 and run.case("USER_INIT_LINK_602")["verdict"] == "attested"
    evidence = json.loads((run.out_dir / run.case("USER_INIT_LINK_602")["scenarios"][0]["evidence"]).read_text())
    assert evidence["attestation"]["attested_by"] == "A. Tester"
    assert (run.out_dir / evidence["attestation"]["screenshots"][0]).read_bytes() == PNG


def test_a_broken_attestation_file_is_a_usage_error(suite, tmp_path):
    (tmp_path / "attestations.toml").write_text('[[attestation]]\ncase = "USER_INIT_LINK_602"\n')
    run = suite("--attestations", str(tmp_path / "attestations.toml"))
    assert run.exit_code == 2 and "attestation[0] needs case, attested_by and date" in run.output
