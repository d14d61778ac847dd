"""One HTTP exchange between the simulated ABDM side and the application under test.

Exchanges are the evidence behind every verdict: the simulator records each one it
sends or receives, and the checks judge them. Bodies are kept as text as well as
parsed JSON so that a hostile or broken application is shown exactly as it behaved.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

# Bodies larger than this are refused: a hostile app must not exhaust memory or the report.
MAX_RECORDED_BODY = 1_000_000
ABHA_MESSAGE = "abha "  # an ABHA call's message is its path, e.g. "abha /v3/enrollment/request/otp"


class Direction(str, Enum):
    TO_APP = "gateway→app"
    FROM_APP = "app→gateway"


@dataclass
class Exchange:
    """A request, and the answer to it, with what the simulator made of it."""

    seq: int
    direction: Direction
    api_version: str
    message: str  # ABDM message name, e.g. "discover", "on-discover"
    method: str
    url: str
    request_headers: dict[str, str]
    request_text: str
    status: int | None = None  # None: no HTTP answer at all (see transport_error)
    response_headers: dict[str, str] = field(default_factory=dict)
    response_text: str = ""
    elapsed_ms: float = 0.0
    transport_error: str | None = None  # connection refused, timeout, oversized body ...
    gateway_error: dict[str, Any] | None = None  # why the simulated gateway refused an app's call
    request_id: str | None = None  # REQUEST-ID (v3 header) or requestId (v0.5 body) of this request
    answers_request_id: str | None = None  # response.requestId / resp.requestId of a callback

    @property
    def request_json(self) -> Any:
        return parse_json(self.request_text)

    @property
    def response_json(self) -> Any:
        return parse_json(self.response_text)

    def header(self, name: str) -> str | None:
        """Request header, case-insensitively, as HTTP defines header names."""
        wanted = name.lower()
        return next((v for k, v in self.request_headers.items() if k.lower() == wanted), None)

    def summary(self) -> str:
        outcome = self.transport_error or f"HTTP {self.status}"
        return f"#{self.seq} {self.direction.value} {self.message} {self.method} {self.url} → {outcome}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "direction": self.direction.value,
            "api_version": self.api_version,
            "message": self.message,
            "request": {
                "method": self.method,
                "url": self.url,
                "headers": self.request_headers,
                "body": json_or_text(self.request_text),
            },
            "response": {
                "status": self.status,
                "headers": self.response_headers,
                "body": json_or_text(self.response_text),
            },
            "elapsed_ms": round(self.elapsed_ms, 1),
            "transport_error": self.transport_error,
            "gateway_error": self.gateway_error,
            "request_id": self.request_id,
            "answers_request_id": self.answers_request_id,
        }


@dataclass
class Interaction:
    """A request sent to the app and the callback that answered it, if one came in time."""

    request: Exchange
    expected_callback: str  # e.g. "on-discover"
    callback: Exchange | None
    deadline_seconds: float
    refused_calls: list[Exchange] = field(default_factory=list)  # app calls the gateway refused meanwhile


@dataclass
class AppRequest:
    """Something the app was made to do (by its test driver or an operator), and what came of it."""

    trigger: Exchange | None  # the driver call; None when an operator made the app act
    expected: str  # the request the app should send the gateway, e.g. "sms-notify"
    request: Exchange | None  # what the app sent the gateway, if it did in time
    answer: Exchange | None  # the gateway's callback to the app, and the app's reply to it
    deadline_seconds: float


@dataclass
class Transfer:
    """A health-information request and everything the HIP sent for it."""

    request: Interaction  # hi-request and its on-hi-request
    transaction_id: str
    hiu_keys: Any  # the HIU's KeyMaterial, to decrypt with
    pushes: list[Exchange]  # data-push pages received for this transaction
    notify: Exchange | None  # the HIP's health-information notify
    deadline_seconds: float


class NotJson:
    """Marker for a body that is not JSON (distinct from a JSON null)."""

    def __repr__(self) -> str:
        return "<not JSON>"


NOT_JSON = NotJson()


def parse_json(text: str) -> Any:
    if not text:
        return NOT_JSON
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # nested too deep to parse (a hostile app's 10,000 levels): kept as text
        return NOT_JSON


def shorten(text: str, limit: int = 160) -> str:
    """Enough of an app's output to recognise it, never a hostile app's megabytes."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "…"


def json_or_text(text: str) -> Any:
    parsed = parse_json(text)
    return text if parsed is NOT_JSON else parsed
