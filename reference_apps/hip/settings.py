"""The HIP's own configuration file (hip.toml)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from reference_apps.common.settings import GatewaySettings, read_settings

DEFAULT_CONFIG = Path(__file__).with_name("hip.toml")


@dataclass(frozen=True)
class Settings(GatewaySettings):
    hip_id: str
    hip_name: str
    patients: Path
    test_otp: str


def load_settings(path: str | os.PathLike[str]) -> Settings:
    """Read hip.toml; a missing, unknown or mistyped key is a ValueError naming it."""
    path = Path(path)
    values = read_settings(path, Settings)
    values |= {
        "gateway_v3_base": values["gateway_v3_base"].rstrip("/"),
        "gateway_v05_base": values["gateway_v05_base"].rstrip("/"),
        "patients": path.parent / values["patients"],  # relative to the settings file
        "http_timeout_seconds": float(values["http_timeout_seconds"]),
    }
    return Settings(**values)
