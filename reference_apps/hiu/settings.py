"""The HIU's own configuration file (hiu.toml)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_CONFIG = Path(__file__).with_name("hiu.toml")

_KEY_TYPES = {
    "hiu_id": str,
    "hiu_name": str,
    "cm_id": str,
    "client_id": str,
    "client_secret": str,
    "gateway_v3_base": str,
    "gateway_v05_base": str,
    "public_base_url": str,
    "requester_name": str,
    "requester_registration_number": str,
    "http_timeout_seconds": (int, float),
}


@dataclass(frozen=True)
class Settings:
    hiu_id: str
    hiu_name: str
    cm_id: str
    client_id: str
    client_secret: str
    gateway_v3_base: str
    gateway_v05_base: str
    public_base_url: str  # the HIU's own address as HIPs see it
    requester_name: str
    requester_registration_number: str
    http_timeout_seconds: float

    @property
    def data_push_url(self) -> str:
        return self.public_base_url + "/data/push"


def load_settings(path: str | os.PathLike[str]) -> Settings:
    """Read hiu.toml; a missing, unknown or mistyped key is a ValueError naming it."""
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
    public = urlsplit(values["public_base_url"])
    if public.scheme not in ("http", "https") or not public.netloc:
        raise ValueError(f"{path}: public_base_url must be an http(s) URL")  # HIPs could not push to it
    values |= {
        "gateway_v3_base": values["gateway_v3_base"].rstrip("/"),
        "gateway_v05_base": values["gateway_v05_base"].rstrip("/"),
        "public_base_url": values["public_base_url"].rstrip("/"),
        "http_timeout_seconds": float(values["http_timeout_seconds"]),
    }
    return Settings(**values)
