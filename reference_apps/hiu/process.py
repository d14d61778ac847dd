"""Start the reference HIU as a separate process, as a user would, and wait until it listens.

For tests and benchmarks that exercise the HTTP transport: the HIU gets its own copy of
hiu.toml pointing at the given gateway address, with its public address (where HIPs push
data) at the bridge's, and startup is awaited on uvicorn's "running" line with a deadline,
never a fixed sleep.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from reference_apps.hiu.settings import DEFAULT_CONFIG

STARTUP_DEADLINE_SECONDS = 30


@contextmanager
def running_hiu(gateway: str, bridge: str, workdir: Path, defects: Sequence[str] = ()) -> Iterator[None]:
    """`gateway` and `bridge` are host:port pairs on the loopback interface."""
    config = workdir / "hiu.toml"
    text = DEFAULT_CONFIG.read_text().replace("127.0.0.1:8070", gateway)
    config.write_text(text.replace('public_base_url = "http://127.0.0.1:8072"', f'public_base_url = "http://{bridge}"'))
    host, port = bridge.split(":")
    command = [sys.executable, "-m", "reference_apps.hiu", "--config", str(config), "--host", host, "--port", port]
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
            raise RuntimeError(f"the reference HIU did not start listening on {bridge}")
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)
