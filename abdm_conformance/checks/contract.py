"""Every exchange of a scenario judged against NHA's contract, whether or not a step looked at it.

What the app sends that no documented form of NHA's accepts fails the scenario; what only an
older NHA page accepts, and what the harness advises beyond NHA, warns. What the simulator
sends is held to the same contract: a violation there is the harness's bug, reported apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from abdm_conformance import schemas
from abdm_conformance.checks.rules import DOCUMENTED_FORM, TEXT_HYGIENE, warn
from abdm_conformance.exchange import ABHA_MESSAGE, NOT_JSON, Direction, Exchange, shorten

_SHOWN_FINDINGS = 3


@dataclass(frozen=True)
class Violation:
    """A message the simulator sent that breaks NHA's contract: a bug of the harness, not of the app."""

    exchange: Exchange
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.exchange.seq, "message": self.exchange.message, "detail": self.detail}


def schema_of(exchange: Exchange) -> tuple[str, str] | None:
    """The schema set and message NHA's contract judges this exchange's request body by, if any."""
    if exchange.message.startswith(ABHA_MESSAGE):
        schema = (schemas.ABHA, schemas.abha_message(exchange.message.removeprefix(ABHA_MESSAGE)))
    else:  # the simulated HIP's push to an HIU is the data push of the app's API version
        schema = (exchange.api_version, "data-push" if exchange.message == "hiu-data-push" else exchange.message)
    return schema if schemas.has_schema(*schema) else None


def violations(exchange: Exchange) -> list[str]:
    """Where the exchange's request body breaks NHA's contract, one line (none if no schema judges it);
    what only warns goes to the scenario being judged."""
    schema = schema_of(exchange)
    if schema is None or exchange.transport_error or not exchange.request_text:
        return []
    body = exchange.request_json
    if body is NOT_JSON:
        content_type = exchange.header("content-type") or "no content type"
        return [f"{exchange.message} body is not JSON ({content_type}): {shorten(exchange.request_text)}"]
    check = schemas.check_message(*schema, body)
    if exchange.direction is Direction.FROM_APP:  # advice is for the app; the simulator's forms are the harness's
        for finding in check.warnings:
            warn(DOCUMENTED_FORM, f"{exchange.message} {finding.path}: {finding.message} ({finding.source})")
        for path, hazard in _text_hazards(body):
            warn(TEXT_HYGIENE, f"{exchange.message} {path} carries {hazard}")
    if not check.failures:
        return []
    shown = "; ".join(f"{f.path}: {f.message}" for f in check.failures[:_SHOWN_FINDINGS])
    more = f" (+{len(check.failures) - _SHOWN_FINDINGS} more)" if len(check.failures) > _SHOWN_FINDINGS else ""
    return [f"{exchange.message} breaks NHA's contract ({check.source}): {shown}{more}"]


def judge_scenario(exchanges: list[Exchange]) -> tuple[list[str], list[Violation]]:
    """Every exchange of a scenario: the app's breaches of NHA's contract (they fail the scenario), and the
    simulator's (harness bugs)."""
    app_breaches, simulator_breaches = [], []
    for exchange in exchanges:
        found = violations(exchange)
        if exchange.direction is Direction.FROM_APP:
            app_breaches.extend(found)
        else:
            simulator_breaches.extend(Violation(exchange, detail) for detail in found)
    return app_breaches, simulator_breaches


# What an integrator's free text should not carry, whatever NHA's pattern for the field allows:
# markup a PHR app might render, an Aadhaar number, a bearer token.
_HAZARDS = (
    (re.compile(r"<\s*/?\s*[a-zA-Z!]"), "markup"),
    (re.compile(r"(?<!\d)\d{4}[\s.-]?\d{4}[\s.-]?\d{4}(?!\d)"), "what looks like an Aadhaar number"),
    (re.compile(r"eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*"), "a token (JWT)"),
)
_FREE_TEXT = frozenset({"display", "name", "message", "description", "communicationHint", "text"})


def _text_hazards(body: Any) -> Iterator[tuple[str, str]]:
    """(JSON path, hazard) for free-text fields; walked without recursion, as hostile bodies nest deep."""
    pending: list[tuple[str, str, Any]] = [("$", "", body)]
    while pending:
        path, key, node = pending.pop()
        if isinstance(node, dict):
            pending.extend((f"{path}.{name}", str(name), value) for name, value in node.items())
        elif isinstance(node, list):
            pending.extend((f"{path}[{index}]", key, value) for index, value in enumerate(node))
        elif isinstance(node, str) and key in _FREE_TEXT:
            yield from ((path, hazard) for pattern, hazard in _HAZARDS if pattern.search(node))
