"""Interactive mode: without a test driver the harness tells an operator what to do, then
waits for the app's traffic. Here the test plays the operator, doing in the reference HIP's
own control port what the operator would do in its screens."""

from __future__ import annotations

import json
import queue
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from abdm_conformance.config import REPO_ROOT
from reference_apps.hip.process import running_hip
from tests.selftest.conftest import SUITE_DEADLINE_SECONDS, SUITE_ENV, write_target

# Its runs listen on fixed ports one after the other: under pytest-xdist, one worker runs this module.
pytestmark = pytest.mark.xdist_group("ports-1907x")

GATEWAY, BRIDGE = "127.0.0.1:19070", "127.0.0.1:19071"
INSTRUCTION_DEADLINE_SECONDS = 60


class Session:
    """A suite run in interactive mode, whose operator instructions the test reads one by one."""

    def __init__(self, process: subprocess.Popen[str]):
        self.process = process
        self.lines: list[str] = []
        self._instructions: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._listen, daemon=True).start()

    def _listen(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)
            if "OPERATOR, within" in line:
                self._instructions.put(line)

    def next_instruction(self) -> str:
        try:
            return self._instructions.get(timeout=INSTRUCTION_DEADLINE_SECONDS)
        except queue.Empty:
            raise AssertionError("no operator instruction came:\n" + "".join(self.lines)) from None

    def act(self, action: str, body: dict) -> None:
        """The operator's "click" in the HIP: its own control port does what its screens would."""
        httpx.post(f"http://{BRIDGE}/test-driver/actions/{action}", json=body, timeout=10).raise_for_status()


@contextmanager
def interactive_run(tmp_path: Path, case: str, api: str, stopped: bool = False) -> Iterator[Session]:
    """The run, played by the test as operator; `stopped`: the operator presses Ctrl-C instead."""
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
    command += ["--case", case, "--api", api, "--interactive", "--no-pdf"]
    with running_hip(GATEWAY, BRIDGE, tmp_path):
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=SUITE_ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        session = Session(process)
        yield session
        assert process.wait(timeout=SUITE_DEADLINE_SECONDS) == (130 if stopped else 0), "".join(session.lines)
    results = json.loads((out / "results.json").read_text())
    assert results["run"]["app_actions"].startswith("HIP: operator (interactive mode); HIU: test driver at ")
    if stopped:
        assert (results["interrupted"], results["exit_code"]) == (True, 130)
        assert "Interrupted" in (out / "report.html").read_text(encoding="utf-8")
        return
    (judged,) = [c for c in results["cases"] if c["id"] == case]
    assert judged["verdict"] == "passed", judged["reasons"]


def test_the_operator_is_told_to_notify_by_sms_and_their_action_is_judged(tmp_path: Path):
    with interactive_run(tmp_path, "HIP_INIT_NOTIFY_HIECM", "v3") as session:
        assert "9876543210" in session.next_instruction()
        session.act("notify-new-record", {"mobile": "9876543210", "api_version": "v3"})


def test_the_operator_links_by_mobile_otp_as_told_and_the_link_is_judged(tmp_path: Path):
    with interactive_run(tmp_path, "HIP_INTI_LINK_205", "v0.5") as session:
        told = session.next_instruction()
        found = re.search(r"care context (\S+) .* of patient (\S+) to ABHA address (\S+) by mobile OTP", told)
        assert found, told
        context, patient, address = found.groups()
        session.act(
            "link-care-contexts",
            {
                "api_version": "v0.5",
                "abha_address": address,
                "method": "MOBILE_OTP",
                "patient_reference": patient,
                "care_contexts": [context],
            },
        )
        otp = re.search(r"enter the OTP (\d{6})", session.next_instruction())
        assert otp, session.lines
        session.act("enter-otp", {"api_version": "v0.5", "abha_address": address, "otp": otp.group(1)})


def test_a_run_stopped_with_ctrl_c_says_it_was_interrupted(tmp_path: Path):
    """A stopped run still writes its results and report, marked interrupted, and exits 130."""
    with interactive_run(tmp_path, "HIP_INIT_NOTIFY_HIECM", "v3", stopped=True) as session:
        session.next_instruction()
        session.process.send_signal(signal.SIGINT)
