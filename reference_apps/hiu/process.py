"""Start the reference HIU as a separate process, as a user would, and wait until it listens.

For tests and benchmarks that exercise the HTTP transport: the HIU gets its own copy of
hiu.toml pointing at the given gateway address, with its public address (where HIPs push
data) at the bridge's.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from reference_apps.common.process import running_app
from reference_apps.hiu.settings import DEFAULT_CONFIG


def running_hiu(gateway: str, bridge: str, workdir: Path, defects: Sequence[str] = ()) -> AbstractContextManager[None]:
    """`gateway` and `bridge` are host:port pairs on the loopback interface."""
    config = workdir / "hiu.toml"
    text = DEFAULT_CONFIG.read_text().replace("127.0.0.1:8070", gateway)
    config.write_text(text.replace('public_base_url = "http://127.0.0.1:8072"', f'public_base_url = "http://{bridge}"'))
    return running_app("reference_apps.hiu", config, bridge, defects, "the reference HIU")
