"""The real gateway's rules for calls an application makes to it, and its error answers.

Sources: NHA's ABDM API pages (headers, error shapes and codes) and ProjectEKA's open-source
gateway (REQUEST-ID and TIMESTAMP required, a repeated REQUEST-ID refused with 429, TIMESTAMP
accepted from one minute before to nine minutes after the gateway's clock, in UTC).

REQUEST-ID is read as the gateway's Java stack reads it, with java.util.UUID.fromString: hex digits in any case,
compared in one canonical (lower) case, so one id spelled in capitals is the same id again. fromString throws on
braces, on a `urn:uuid:` prefix and on 32 digits without hyphens, so those are refused as malformed, as is any
form but 8-4-4-4-12 (NHA documents REQUEST-ID as a UUID and writes it so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from abdm_conformance.exchange import NOT_JSON
from abdm_conformance.protocol import Api, failure_body
from mocks.gateway.tokens import InvalidToken, TokenAuthority, TokenKind

EARLIEST_TIMESTAMP = timedelta(minutes=-1)
LATEST_TIMESTAMP = timedelta(minutes=9)
CANONICAL_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str  # v3 form, e.g. "ABDM-1016"; v0.5 answers with its ymls' code
    message: str

    def body(self, api: Api) -> dict[str, Any]:
        return failure_body(api, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "code": self.code, "message": self.message}


class CallbackFailure(Exception):
    """Why the gateway answers an app's request with an error callback (the request itself got 202)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def refuse_call(
    api: Api,
    headers: dict[str, str],
    body: Any,
    *,
    cm_id: str,
    tokens: TokenAuthority,
    seen_request_ids: set[str],
    needs_token: bool = True,
    now: datetime | None = None,
) -> Refusal | None:
    """Why the gateway refuses this call, or None when it accepts it."""
    header = {k.lower(): v for k, v in headers.items()}
    if needs_token:
        refusal = _refuse_token(header.get("authorization"), tokens)
        if refusal:
            return refusal
    if header.get("x-cm-id") != cm_id:
        return Refusal(400, "ABDM-2403", f"X-CM-ID header must be {cm_id!r}, got {header.get('x-cm-id')!r:.80}")
    if body is NOT_JSON or not isinstance(body, dict):
        return Refusal(400, "ABDM-1006", "Request body must be a JSON object")
    if api.ids_in_body:
        given_id, timestamp, where = body.get("requestId"), body.get("timestamp"), "body field"
    else:
        given_id, timestamp, where = header.get("request-id"), header.get("timestamp"), "header"
    label_id, label_time = ("requestId", "timestamp") if where == "body field" else ("REQUEST-ID", "TIMESTAMP")
    request_id = canonical_request_id(given_id)
    if request_id is None:
        return Refusal(400, "ABDM-2404", f"{label_id} {where} must be a UUID (8-4-4-4-12 hex), got {given_id!r:.80}")
    if request_id in seen_request_ids:
        spelled = "" if given_id == request_id else f" (here spelled {given_id})"
        return Refusal(429, "ABDM-1064", f"A request with {label_id} {request_id} already exists{spelled}")
    refusal = _refuse_timestamp(timestamp, label_time, where, now or datetime.now(timezone.utc))
    if refusal is None:  # only accepted calls claim their id, so a corrected retry goes through
        seen_request_ids.add(request_id)
    return refusal


def _refuse_token(authorization: str | None, tokens: TokenAuthority) -> Refusal | None:
    if not authorization:
        return Refusal(401, "ABDM-2500", "Authorization header is missing")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return Refusal(401, "ABDM-2401", "Authorization header must be 'Bearer <access token>'")
    try:
        tokens.verify(token, TokenKind.ACCESS)
    except InvalidToken as error:
        return Refusal(401, "ABDM-2401", f"Access token is not valid: {error}")
    return None


def _refuse_timestamp(value: Any, label: str, where: str, now: datetime) -> Refusal | None:
    if not isinstance(value, str):
        return Refusal(400, "ABDM-1016", f"{label} {where} is missing")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return Refusal(400, "ABDM-1016", f"{label} {value!r} is not an ISO-8601 date-time")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    elif moment.utcoffset() != timedelta(0):
        return Refusal(400, "ABDM-1016", f"{label} {value!r} must be in UTC, not offset {moment.utcoffset()}")
    if not now + EARLIEST_TIMESTAMP <= moment <= now + LATEST_TIMESTAMP:
        return Refusal(400, "ABDM-1016", f"{label} {value!r} is outside the accepted window around {now.isoformat()}")
    return None


def canonical_request_id(value: Any) -> str | None:
    """The id as the gateway compares it, or None where UUID.fromString would throw (see above)."""
    if isinstance(value, str) and CANONICAL_UUID.fullmatch(value):
        return value.lower()
    return None
