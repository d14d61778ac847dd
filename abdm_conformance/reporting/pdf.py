"""The PDF of the report, printed by headless Chromium: what agencies file and e-mail.

Chromium renders exactly what the HTML shows (CSS print rules included), so the PDF needs no
second layout. It runs with a throwaway profile and every background fetch turned off, and the
page's CSP forbids loading anything, so printing a hostile report reaches no network.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from abdm_conformance.reporting.errors import ReportError

CHROMIUM_ENV = "ABDM_CHROMIUM"  # path of the Chromium binary, when it is not `chromium` on PATH
INSTALL_HINT = f"install it with `apt-get install chromium` (or set {CHROMIUM_ENV} to its path)"
TIMEOUT_SECONDS = 120.0
_FLAGS = (
    "--headless",
    "--no-sandbox",  # containers and CI runners rarely allow Chromium's sandbox
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def write_pdf(html_path: Path, timeout: float = TIMEOUT_SECONDS) -> Path:
    """Print html_path to report.pdf beside it; ReportError if Chromium is missing or fails."""
    pdf_path = html_path.with_name("report.pdf")
    pdf_path.unlink(missing_ok=True)  # a stale PDF must not pass for this run's
    run_chromium(["--no-pdf-header-footer", f"--print-to-pdf={pdf_path}", html_path.resolve().as_uri()], timeout)
    if not pdf_path.is_file() or pdf_path.read_bytes()[:4] != b"%PDF":
        raise ReportError(f"{pdf_path}: Chromium wrote no PDF; reinstall it: {INSTALL_HINT}")
    return pdf_path


def chromium_binary() -> str:
    """The Chromium to run: $ABDM_CHROMIUM if set, else `chromium` on PATH."""
    name = os.environ.get(CHROMIUM_ENV) or "chromium"
    binary = shutil.which(name)
    if binary is None:
        raise ReportError(f"Chromium ({name}) not found, needed for the PDF report: {INSTALL_HINT}")
    return binary


def run_chromium(arguments: list[str], timeout: float = TIMEOUT_SECONDS) -> str:
    """Run headless Chromium with a fresh profile; its stdout (e.g. for --dump-dom)."""
    binary = chromium_binary()
    with tempfile.TemporaryDirectory(prefix="abdm-chromium-", ignore_cleanup_errors=True) as profile:
        command = [binary, *_FLAGS, f"--user-data-dir={profile}", *arguments]
        # Own process group: Chromium forks helpers, and all of them must go on timeout.
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace", start_new_session=True
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process.pid)
            process.communicate()
            raise ReportError(f"Chromium did not finish within {timeout:g} s; check it runs: {INSTALL_HINT}") from None
        _kill_group(process.pid)  # helpers a finished Chromium left behind
    if process.returncode != 0:
        last = next((line for line in reversed(stderr.splitlines()) if line.strip()), "no message")
        raise ReportError(f"Chromium failed (exit {process.returncode}: {last.strip()}); {INSTALL_HINT}")
    return stdout


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # the group is already gone
