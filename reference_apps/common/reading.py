"""Reading a request body the app did not write: each field checked before it is used."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any


class BadRequest(ValueError):
    """A request the app cannot read: answered with 400 and not acted on."""


def required(container: Any, key: str, kind: type, where: str = "") -> Any:
    """container[key], which must be a non-empty value of the given type, else BadRequest."""
    value = container.get(key) if isinstance(container, dict) else None
    if not isinstance(value, kind) or isinstance(value, bool) or value in ("", []):
        raise BadRequest(f"{where}{key} must be a non-empty {kind.__name__}")
    return value


def one_of(container: Any, key: str, allowed: tuple[str, ...], where: str = "") -> str:
    value = required(container, key, str, where)
    if value not in allowed:
        raise BadRequest(f"{where}{key} must be one of {', '.join(allowed)}")
    return value


def date_time(container: Any, key: str, where: str = "") -> datetime:
    text = required(container, key, str, where)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"{where}{key} must be an ISO-8601 date-time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # ABDM's clock is UTC
