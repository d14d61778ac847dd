"""Suite speed against the reference HIP, and what the harness costs per gateway exchange.

Prints: the suite's wall time per transport (in-process, and HTTP with the reference HIP
as its own process) and API version, serially (--workers 1) and in parallel (--workers N,
in-process only: over HTTP the app knows one gateway), with the speed-up; the time per
scenario; and the median cost of one gateway→app exchange made by the simulator beside a
bare httpx request to the same app in the same run. The ratio is the figure that matters
for the exchange: it is the harness's overhead.

    .venv/bin/python benchmarks/suite_bench.py [--rounds 200] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from abdm_conformance import protocol  # noqa: E402
from abdm_conformance.config import load_target  # noqa: E402
from mocks.gateway.host import SimulatorHost  # noqa: E402
from reference_apps.hip.process import running_hip  # noqa: E402
from reference_apps.hiu.process import running_hiu  # noqa: E402
from reference_apps.registration_desk.process import running_desk  # noqa: E402

GATEWAY, BRIDGE, HIU_BRIDGE, DESK = "127.0.0.1:28070", "127.0.0.1:28071", "127.0.0.1:28072", "127.0.0.1:28073"


def http_target(folder: Path) -> Path:
    text = (REPO / "reference_apps" / "target.toml").read_text()
    text = text.replace('transport = "in-process"', 'transport = "http"')
    path = folder / "target.toml"
    defaults = ("127.0.0.1:8070", "127.0.0.1:8071", "127.0.0.1:8072", "127.0.0.1:8073")
    for default, port in zip(defaults, (GATEWAY, BRIDGE, HIU_BRIDGE, DESK), strict=True):
        text = text.replace(default, port)
    path.write_text(text)
    return path


def run_suite(label: str, out: Path, *args: str) -> float:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "abdm_conformance.cli", "run", "--out", str(out), "--no-pdf", *args],
        cwd=REPO,
        check=False,
        capture_output=True,
    )
    wall = time.monotonic() - started
    results = json.loads((out / "results.json").read_text())
    scenarios = [s for case in results["cases"] for s in case["scenarios"]]
    durations = [s["duration_seconds"] for s in scenarios]
    print(
        f"{label:<24} suite wall {wall:6.2f} s  ({len(scenarios)} scenarios; per scenario median "
        f"{statistics.median(durations) * 1000:6.1f} ms, max {max(durations) * 1000:6.1f} ms)"
    )
    return wall


def serial_and_parallel(label: str, out: Path, workers: int, *args: str) -> None:
    serial = run_suite(f"{label} serial", out / "serial", *args, "--workers", "1")
    parallel = run_suite(f"{label} --workers {workers}", out / "parallel", *args, "--workers", str(workers))
    print(f"{label:<24} speed-up with {workers} workers: {serial / parallel:.2f}x")


def exchange_cost(target_path: Path, rounds: int) -> None:
    """Median time of one discover request to the app: through the simulator, and bare httpx."""
    target = load_target(target_path)
    host = SimulatorHost(target).start()
    patient = target.patients[0]
    api = host.simulator.api
    url = target.bridge_url + api.bridge_paths["discover"]
    try:
        harness, bare = [], []
        with httpx.Client(timeout=5) as client:
            for _ in range(rounds):
                body = protocol.discover_body(api, patient, str(uuid.uuid4()))
                started = time.perf_counter()
                host.run(host.simulator.send("discover", body))
                harness.append(time.perf_counter() - started)

                headers = {
                    "Authorization": f"Bearer {host.simulator.tokens.gateway_token()}",
                    "REQUEST-ID": str(uuid.uuid4()),
                    "TIMESTAMP": protocol.utc_timestamp(),
                    "X-HIP-ID": target.hip_id,
                }
                body = protocol.discover_body(api, patient, str(uuid.uuid4()))
                started = time.perf_counter()
                client.post(url, json=body, headers=headers)
                bare.append(time.perf_counter() - started)
    finally:
        host.stop()
    h, b = statistics.median(harness) * 1000, statistics.median(bare) * 1000
    print(
        f"per exchange (HTTP, {rounds} rounds): harness median {h:.2f} ms, "
        f"bare httpx median {b:.2f} ms, ratio {h / b:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2, help="workers of the parallel in-process runs")
    options = parser.parse_args()
    rounds = options.rounds
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for api in ("v3", "v0.5"):
            serial_and_parallel(f"in-process {api}", work / f"in-process-{api}", options.workers, "--api", api)
        with (
            running_hip(GATEWAY, BRIDGE, work),
            running_hiu(GATEWAY, HIU_BRIDGE, work),
            running_desk(GATEWAY, DESK, work),
        ):
            target = http_target(work)
            for api in ("v3", "v0.5"):
                run_suite(f"http {api} serial", work / f"http-{api}", "--target", str(target), "--api", api)
            exchange_cost(target, rounds)


if __name__ == "__main__":
    main()
