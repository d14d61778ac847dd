"""Start the reference registration desk as a separate process, as a user would, and wait until it listens.

For tests and benchmarks that exercise the HTTP transport: the desk gets its own copy of
desk.toml pointing at the given gateway address (which serves the ABHA service too, as the
harness's simulator does), and startup is awaited on uvicorn's "running" line with a
deadline, never a fixed sleep.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from reference_apps.registration_desk.settings import DEFAULT_CONFIG

STARTUP_DEADLINE_SECONDS = 30


@contextmanager
def running_desk(gateway: str, bridge: str, workdir: Path, defects: Sequence[str] = ()) -> Iterator[None]:
    """`gateway` and `bridge` (the desk's own address, serving the test driver) are host:port pairs
    on the loopback interface."""
    config = workdir / "desk.toml"
    config.write_text(DEFAULT_CONFIG.read_text().replace("127.0.0.1:8070", gateway))
    host, port = bridge.split(":")
    command = [
        sys.executable,
        "-m",
        "reference_apps.registration_desk",
        "--config",
        str(config),
        "--host",
        host,
        "--port",
        port,
    ]
    for defect in defects:
        command += ["--defect", defect]
    process = subprocess.Popen(
        command, cwd=DEFAULT_CONFIG.parents[2], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    listening = threading.Event()

    def watch_startup() -> None:
        for line in process.stderr:
            if "Uvicorn running on" in line:
                listening.set()

    threading.Thread(target=watch_startup, daemon=True).start()
    try:
        if not listening.wait(STARTUP_DEADLINE_SECONDS):
            raise RuntimeError(f"the reference registration desk did not start listening on {bridge}")
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)
