"""The suite passes against the reference HIP, HIU and registration desk, each its own process, over HTTP,
and keeps passing against the same apps kept running, as an integrator's apps run for days."""

from __future__ import annotations

from pathlib import Path

import pytest

from reference_apps.hip.process import running_hip
from reference_apps.hiu.process import running_hiu
from reference_apps.registration_desk.process import running_desk
from tests.selftest.conftest import Run, run_suite, write_target
from tests.selftest.test_embedded_run import ATTESTED

# Its apps and simulator listen on fixed ports: under pytest-xdist, one worker runs this module.
pytestmark = pytest.mark.xdist_group("ports-1807x")

# Ports of their own, so the test never collides with a user's running simulator or HIP.
GATEWAY, BRIDGE, HIU_BRIDGE, DESK = "127.0.0.1:18070", "127.0.0.1:18071", "127.0.0.1:18072", "127.0.0.1:18073"
NOTHING_LISTENS = "127.0.0.1:18079"
OVER_HTTP = {
    'transport = "in-process"': 'transport = "http"',
    "127.0.0.1:8070": GATEWAY,
    "127.0.0.1:8071": BRIDGE,
    "127.0.0.1:8072": HIU_BRIDGE,
    "127.0.0.1:8073": DESK,
}


@pytest.fixture(scope="module")
def apps_over_http(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three apps, started once for every run of this module; the folder of their target file."""
    workdir = tmp_path_factory.mktemp("apps")
    with (
        running_hip(GATEWAY, BRIDGE, workdir),
        running_hiu(GATEWAY, HIU_BRIDGE, workdir),
        running_desk(GATEWAY, DESK, workdir),
    ):
        yield workdir


FIRST_VERDICTS: dict[str, dict[str, str]] = {}  # by API version: the first run's against the running apps


def verdicts(run: Run) -> dict[str, str]:
    return {case["id"]: case["verdict"] for case in run.results["cases"]}


# v3, then v0.5, then v3 again: the apps keep the session tokens, certificates, link tokens and patients of the
# earlier runs, and the simulator (its state beside the target file) keeps the keys and tokens they remember.
@pytest.mark.parametrize("api", ["v3", "v0.5", "v3"], ids=["v3", "v0.5-after-v3", "v3-again"])
def test_suite_passes_over_http_run_after_run(apps_over_http, tmp_path, api):
    target = write_target(apps_over_http, OVER_HTTP)
    run = run_suite(tmp_path / "out", "--target", str(target), "--api", api)
    assert run.exit_code == 0, run.output
    automated = [c for c in run.results["cases"] if c["id"] not in ATTESTED]
    assert {c["verdict"] for c in automated} <= {"passed", "not_applicable"}, [
        (c["id"], c["reasons"][:1]) for c in automated if c["verdict"] not in ("passed", "not_applicable")
    ]
    assert run.results["summary"]["passed"] >= 11
    assert run.results["run"]["transport"] == "http"
    earlier = FIRST_VERDICTS.setdefault(api, verdicts(run))
    assert verdicts(run) == earlier  # the same verdicts as the first run of this API against these apps


def test_an_unreachable_hip_is_a_verdict_not_a_traceback(suite, tmp_path):
    target = write_target(tmp_path, {**OVER_HTTP, "127.0.0.1:8071": NOTHING_LISTENS})
    run = suite("--target", str(target), "--case", "USER_INIT_LINK_603")
    assert run.exit_code == 1
    case = run.case("USER_INIT_LINK_603")
    assert case["verdict"] == "failed"
    assert "cannot reach the app" in case["reasons"][0]
    assert "Traceback" not in run.output
