"""The HIU's own configuration file (hiu.toml)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from reference_apps.common.settings import GatewaySettings, read_settings

DEFAULT_CONFIG = Path(__file__).with_name("hiu.toml")


@dataclass(frozen=True)
class Settings(GatewaySettings):
    hiu_id: str
    hiu_name: str
    public_base_url: str  # the HIU's own address as HIPs see it
    requester_name: str
    requester_registration_number: str

    @property
    def data_push_url(self) -> str:
        return self.public_base_url + "/data/push"


def load_settings(path: str | os.PathLike[str]) -> Settings:
    """Read hiu.toml; a missing, unknown or mistyped key is a ValueError naming it."""
    path = Path(path)
    values = read_settings(path, Settings)
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
