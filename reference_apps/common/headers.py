"""What every call to ABDM's services carries: a request id never used before and the time in UTC.

The gateway and ABHA refuse a repeated REQUEST-ID and a TIMESTAMP outside UTC. v3 calls carry
both as headers; v0.5 calls carry them as the body's requestId and timestamp.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone


def new_request_id() -> str:
    return str(uuid.uuid4())


def iso_timestamp(moment: datetime | None = None) -> str:
    """The moment (by default now) in UTC, ISO-8601 with milliseconds and Z: 2024-01-15T10:30:00.123Z."""
    moment = moment or datetime.now(timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def fresh_headers() -> dict[str, str]:
    return {"REQUEST-ID": new_request_id(), "TIMESTAMP": iso_timestamp()}
