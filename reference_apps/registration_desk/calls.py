"""How a call to ABDM's services that failed is reported, and how what came back is read.

What every call carries (a fresh REQUEST-ID, a UTC TIMESTAMP) is common to the apps
(common/headers.py).
"""

from __future__ import annotations

from typing import Any

import httpx


class ServiceError(Exception):
    """A call to ABHA or the gateway failed; the desk shows the operator what came back."""

    def __init__(self, status: int | None, body: Any):
        super().__init__(f"{status}: {body}")
        self.status = status  # None: no answer came (unreachable, timed out)
        self.body = body  # the answer, parsed when it is JSON; or why there was none


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
