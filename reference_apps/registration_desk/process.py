"""Start the reference registration desk as a separate process, as a user would, and wait until it listens.

For tests and benchmarks that exercise the HTTP transport: the desk gets its own copy of
desk.toml pointing at the given gateway address (which serves the ABHA service too, as the
harness's simulator does).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from reference_apps.common.process import running_app
from reference_apps.registration_desk.settings import DEFAULT_CONFIG


def running_desk(gateway: str, bridge: str, workdir: Path, defects: Sequence[str] = ()) -> AbstractContextManager[None]:
    """`gateway` and `bridge` (the desk's own address, serving the test driver) are host:port pairs
    on the loopback interface."""
    config = workdir / "desk.toml"
    config.write_text(DEFAULT_CONFIG.read_text().replace("127.0.0.1:8070", gateway))
    return running_app("reference_apps.registration_desk", config, bridge, defects, "the reference registration desk")
