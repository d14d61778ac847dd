"""The registration desk's own configuration file (desk.toml)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CONFIG = Path(__file__).with_name("desk.toml")

_KEY_TYPES = {
    "client_id": str,
    "client_secret": str,
    "cm_id": str,
    "gateway_v3_base": str,
    "abha_base": str,
    "http_timeout_seconds": (int, float),
}


@dataclass(frozen=True)
class Settings:
    client_id: str
    client_secret: str
    cm_id: str
    gateway_v3_base: str
    abha_base: str
    http_timeout_seconds: float


def load_settings(path: str | os.PathLike[str]) -> Settings:
    """Read desk.toml; a missing, unknown or mistyped key is a ValueError naming it."""
    path = Path(path)
    with path.open("rb") as file:
        values = tomllib.load(file)
    if unknown := values.keys() - _KEY_TYPES.keys():
        raise ValueError(f"{path}: unknown keys {', '.join(sorted(unknown))}")
    for key, kind in _KEY_TYPES.items():
        if key not in values:
            raise ValueError(f"{path}: key {key!r} is missing")
        if not isinstance(values[key], kind) or isinstance(values[key], bool):
            raise ValueError(f"{path}: key {key!r} has the wrong type")
    values |= {
        "gateway_v3_base": values["gateway_v3_base"].rstrip("/"),
        "abha_base": values["abha_base"].rstrip("/"),
        "http_timeout_seconds": float(values["http_timeout_seconds"]),
    }
    return Settings(**values)
