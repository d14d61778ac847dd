"""Start a reference app as a separate process, as a user would, and wait until it listens.

For tests and benchmarks that exercise the HTTP transport. Startup is awaited on uvicorn's
"running" line with a deadline, never a fixed sleep.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

STARTUP_DEADLINE_SECONDS = 30
REPO_ROOT = Path(__file__).parents[2]  # where `python -m reference_apps.<app>` finds the package


@contextmanager
def running_app(module: str, config: Path, bridge: str, defects: Sequence[str], name: str) -> Iterator[None]:
    """`python -m module --config config`, listening on `bridge` (host:port), until the block ends;
    `name` says which app failed to start."""
    host, port = bridge.split(":")
    command = [sys.executable, "-m", module, "--config", str(config), "--host", host, "--port", port]
    for defect in defects:
        command += ["--defect", defect]
    process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    listening = threading.Event()

    def watch_startup() -> None:
        for line in process.stderr:
            if "Uvicorn running on" in line:
                listening.set()

    threading.Thread(target=watch_startup, daemon=True).start()
    try:
        if not listening.wait(STARTUP_DEADLINE_SECONDS):
            raise RuntimeError(f"{name} did not start listening on {bridge}")
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)
