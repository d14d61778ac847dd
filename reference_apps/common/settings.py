"""An app's own settings file (TOML), read into the app's typed settings, and the settings every
gateway client has."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, get_type_hints


@dataclass(frozen=True)
class ClientSettings:
    """What an app needs to open a session with the gateway."""

    client_id: str
    client_secret: str
    cm_id: str
    gateway_v3_base: str
    http_timeout_seconds: float


@dataclass(frozen=True)
class GatewaySettings(ClientSettings):
    """What an app needs to call the gateway in both API versions."""

    gateway_v05_base: str


_WRITTEN_AS: dict[type, type | tuple[type, ...]] = {float: (int, float), Path: str}  # where TOML differs


def read_settings(path: Path, schema: type) -> dict[str, Any]:
    """The file's values for the fields of the settings dataclass `schema`: every field there, of its
    type, and nothing else (a Path is written as a string, a float as any number). A missing, unknown
    or mistyped key is a ValueError naming it."""
    hints = get_type_hints(schema)
    key_types = {field.name: _WRITTEN_AS.get(hints[field.name], hints[field.name]) for field in fields(schema)}
    with path.open("rb") as file:
        values = tomllib.load(file)
    if unknown := values.keys() - key_types.keys():
        raise ValueError(f"{path}: unknown keys {', '.join(sorted(unknown))}")
    for key, kind in key_types.items():
        if key not in values:
            raise ValueError(f"{path}: key {key!r} is missing")
        if not isinstance(values[key], kind) or isinstance(values[key], bool):  # Python counts a bool as an int
            raise ValueError(f"{path}: key {key!r} has the wrong type")
    return values
