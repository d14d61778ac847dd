"""A call to the ABHA service and its answer, independent of whatever carries them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from mocks.abha.fields import json_object


@dataclass(frozen=True)
class Call:
    path: str
    headers: dict[str, str]  # names lower-cased: HTTP header names are case-insensitive
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self) -> dict[str, Any]:
        return json_object(self.body)


@dataclass(frozen=True)
class AbhaAnswer:
    status: int
    content_type: str
    body: bytes

    @classmethod
    def of_json(cls, status: int, value: dict[str, Any]) -> AbhaAnswer:
        return cls(status, "application/json", json.dumps(value).encode())
