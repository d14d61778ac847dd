"""Start the reference HIP as a separate process, as a user would, and wait until it listens.

For tests and benchmarks that exercise the HTTP transport: the HIP gets its own copy of
hip.toml pointing at the given gateway address.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from reference_apps.common.process import running_app
from reference_apps.hip.settings import DEFAULT_CONFIG


def running_hip(gateway: str, bridge: str, workdir: Path, defects: Sequence[str] = ()) -> AbstractContextManager[None]:
    """`gateway` and `bridge` are host:port pairs on the loopback interface."""
    config = workdir / "hip.toml"
    text = DEFAULT_CONFIG.read_text().replace("127.0.0.1:8070", gateway)
    patients = DEFAULT_CONFIG.with_name("patients.json")
    config.write_text(text.replace('patients = "patients.json"', f'patients = "{patients}"'))
    return running_app("reference_apps.hip", config, bridge, defects, "the reference HIP")
