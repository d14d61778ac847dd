"""Interactive mode: without a test driver the harness tells an operator what to do, then
waits for the app's traffic. Here the test plays the operator."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import httpx

from abdm_conformance.config import REPO_ROOT
from reference_apps.hip.process import running_hip
from tests.selftest.conftest import SUITE_DEADLINE_SECONDS, write_target

GATEWAY, BRIDGE = "127.0.0.1:19070", "127.0.0.1:19071"
INSTRUCTION_DEADLINE_SECONDS = 60


def test_the_operator_is_told_what_to_do_and_their_action_is_judged(tmp_path: Path):
    target = write_target(
        tmp_path,
        {
            'transport = "in-process"': 'transport = "http"',
            "[driver]                                  # optional: the test build's control port (see README)\n"
            'url = "http://127.0.0.1:8071/test-driver"\n': "",
            "transfer_seconds = 1200": "transfer_seconds = 1200\noperator_seconds = 30",
            "127.0.0.1:8070": GATEWAY,
            "127.0.0.1:8071": BRIDGE,
        },
    )
    out = tmp_path / "out"
    command = [sys.executable, "-m", "abdm_conformance.cli", "run", "--target", str(target), "--out", str(out)]
    command += ["--case", "HIP_INIT_NOTIFY_HIECM", "--interactive", "--no-pdf"]
    with running_hip(GATEWAY, BRIDGE, tmp_path):
        process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        told = threading.Event()
        lines: list[str] = []

        def listen() -> None:
            for line in process.stdout:
                lines.append(line)
                if "OPERATOR, within" in line:
                    told.set()

        threading.Thread(target=listen, daemon=True).start()
        assert told.wait(INSTRUCTION_DEADLINE_SECONDS), "".join(lines)
        instruction = next(line for line in lines if "OPERATOR" in line)
        assert "9876543210" in instruction
        # The operator's "click" in the HIP: the reference HIP's own control port does what its UI would.
        httpx.post(
            f"http://{BRIDGE}/test-driver/actions/notify-new-record",
            json={"mobile": "9876543210", "api_version": "v3"},
            timeout=10,
        )
        assert process.wait(timeout=SUITE_DEADLINE_SECONDS) == 0, "".join(lines)

    results = json.loads((out / "results.json").read_text())
    assert results["run"]["app_actions"] == "operator (interactive mode)"
    assert results["cases"][0]["verdict"] == "passed", results["cases"][0]["reasons"]
