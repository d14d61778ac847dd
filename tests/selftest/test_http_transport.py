"""The suite passes against the reference HIP, HIU and registration desk, each its own process, over HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from reference_apps.hip.process import running_hip
from reference_apps.hiu.process import running_hiu
from reference_apps.registration_desk.process import running_desk
from tests.selftest.conftest import write_target
from tests.selftest.test_embedded_run import ATTESTED

# Ports of their own, so the test never collides with a user's running simulator or HIP.
GATEWAY, BRIDGE, HIU_BRIDGE, DESK = "127.0.0.1:18070", "127.0.0.1:18071", "127.0.0.1:18072", "127.0.0.1:18073"
OVER_HTTP = {
    'transport = "in-process"': 'transport = "http"',
    "127.0.0.1:8070": GATEWAY,
    "127.0.0.1:8071": BRIDGE,
    "127.0.0.1:8072": HIU_BRIDGE,
    "127.0.0.1:8073": DESK,
}


@pytest.fixture
def apps_over_http(tmp_path: Path):
    with (
        running_hip(GATEWAY, BRIDGE, tmp_path),
        running_hiu(GATEWAY, HIU_BRIDGE, tmp_path),
        running_desk(GATEWAY, DESK, tmp_path),
    ):
        yield


@pytest.mark.parametrize("api", ["v3", "v0.5"])
def test_suite_passes_over_http(suite, tmp_path, apps_over_http, api):
    target = write_target(tmp_path, OVER_HTTP)
    run = suite("--target", str(target), "--api", api)
    assert run.exit_code == 0, run.output
    automated = [c for c in run.results["cases"] if c["id"] not in ATTESTED]
    assert {c["verdict"] for c in automated} <= {"passed", "not_applicable"}
    assert run.results["summary"]["passed"] >= 11
    assert run.results["run"]["transport"] == "http"


def test_an_unreachable_hip_is_a_verdict_not_a_traceback(suite, tmp_path):
    target = write_target(tmp_path, OVER_HTTP)
    run = suite("--target", str(target), "--case", "USER_INIT_LINK_603")
    assert run.exit_code == 1
    case = run.case("USER_INIT_LINK_603")
    assert case["verdict"] == "failed"
    assert "cannot reach the app" in case["reasons"][0]
    assert "Traceback" not in run.output
