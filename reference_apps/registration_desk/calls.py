"""What every call to ABDM's services carries, and how a call that failed is reported.

ABHA v3 and the gateway refuse a repeated REQUEST-ID and a TIMESTAMP outside UTC, so each
call gets a fresh id and the time in UTC with milliseconds.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

import httpx


class ServiceError(Exception):
    """A call to ABHA or the gateway failed; the desk shows the operator what came back."""

    def __init__(self, status: int | None, body: Any):
        super().__init__(f"{status}: {body}")
        self.status = status  # None: no answer came (unreachable, timed out)
        self.body = body  # the answer, parsed when it is JSON; or why there was none


def iso_timestamp(moment: datetime | None = None) -> str:
    """ISO-8601 with milliseconds, UTC written as Z: 2024-01-15T10:30:00.123Z."""
    moment = moment or datetime.now(timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def fresh_headers() -> dict[str, str]:
    return {"REQUEST-ID": str(uuid.uuid4()), "TIMESTAMP": iso_timestamp()}


def answer_body(response: httpx.Response) -> Any:
    """The body as JSON when it is JSON, else as text: an error is shown as it came."""
    try:
        return response.json()
    except ValueError:
        return response.text


def field(body: Any, *path: str) -> Any:
    """body[path[0]][path[1]]…; a 200 answer without it is as useless as a refusal."""
    value = body
    for key in path:
        if not isinstance(value, dict) or value.get(key) in (None, ""):
            raise ServiceError(200, body)
        value = value[key]
    return value


def section(body: dict[str, Any], key: str) -> dict[str, Any]:
    """body[key], an object."""
    value = field(body, key)
    if not isinstance(value, dict):
        raise ServiceError(200, body)
    return value


def passed(verification: dict[str, Any]) -> dict[str, Any]:
    """An OTP verification's answer, once it says the OTP passed: a 200 whose authResult is not
    success is a refusal too."""
    if str(verification.get("authResult", "success")).lower() != "success":
        raise ServiceError(200, verification)
    return verification
