"""Running the conformance suite as a user does: the CLI in a separate process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from abdm_conformance.config import EMBEDDED_TARGET, REPO_ROOT

SUITE_DEADLINE_SECONDS = 300
# Each run is a new interpreter: with bytecode caching off (PYTHONDONTWRITEBYTECODE) it would compile and
# assertion-rewrite every module again, two of its five seconds. The cache goes to a temporary folder, not the tree.
SUITE_ENV = {
    **{name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / "abdm-conformance-selftest-pycache"),
}
# The line of the embedded target file that starts each reference app without defects.
DEFECTS_LINE = {
    "hip": "options = { defects = [] }                # keyword arguments for the factory",
    "hiu": "options = { defects = [] }                # keyword arguments for the HIU's factory",
    "desk": "options = { defects = [] }                # keyword arguments for the desk's factory",
}


def with_defect(app: str, defect: str) -> dict[str, str]:
    """The write_target replacement that starts a reference app ("hip", "hiu" or "desk") with a defect on."""
    return {DEFECTS_LINE[app]: DEFECTS_LINE[app].replace("[]", f'["{defect}"]')}


@dataclass
class Run:
    exit_code: int
    output: str
    out_dir: Path

    @property
    def results(self) -> dict[str, Any]:
        return json.loads((self.out_dir / "results.json").read_text())

    def case(self, case_id: str) -> dict[str, Any]:
        return next(c for c in self.results["cases"] if c["id"] == case_id)


def write_target(tmp_path: Path, replacements: dict[str, str]) -> Path:
    """The embedded target file with some lines changed (deadlines, defects, transport)."""
    text = EMBEDDED_TARGET.read_text()
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "target.toml"
    path.write_text(text)
    return path


def run_suite(out_dir: Path, *args: str, pdf: bool = False) -> Run:
    """The suite as a user runs it; without the PDF unless asked, since Chromium costs a second a run."""
    command = [sys.executable, "-m", "abdm_conformance.cli", "run", "--out", str(out_dir), *args]
    if not pdf:
        command.append("--no-pdf")
    completed = subprocess.run(
        command,
        cwd=REPO_ROOT,
        env=SUITE_ENV,
        capture_output=True,
        text=True,
        timeout=SUITE_DEADLINE_SECONDS,
        stdin=subprocess.DEVNULL,
    )
    return Run(completed.returncode, completed.stdout + completed.stderr, out_dir)


@pytest.fixture
def suite(tmp_path: Path):
    def run(*args: str, pdf: bool = False) -> Run:
        return run_suite(tmp_path / "out", *args, pdf=pdf)

    return run
