"""The registration desk's own configuration file (desk.toml)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from reference_apps.common.settings import ClientSettings, read_settings

DEFAULT_CONFIG = Path(__file__).with_name("desk.toml")


@dataclass(frozen=True)
class Settings(ClientSettings):
    abha_base: str


def load_settings(path: str | os.PathLike[str]) -> Settings:
    """Read desk.toml; a missing, unknown or mistyped key is a ValueError naming it."""
    path = Path(path)
    values = read_settings(path, Settings)
    values |= {
        "gateway_v3_base": values["gateway_v3_base"].rstrip("/"),
        "abha_base": values["abha_base"].rstrip("/"),
        "http_timeout_seconds": float(values["http_timeout_seconds"]),
    }
    return Settings(**values)
