"""Which scenario an exchange belongs to: the one whose work it names, never merely the one running when it came.

Each scenario claims the correlation ids it creates or is handed: request ids, transaction ids, consent request
and artefact ids, ABHA transaction ids. An exchange that names an id of the current scenario, or no claimed id
at all, is the current scenario's; one that names only ids an earlier scenario claimed is that scenario's late
traffic (a slow app answering the last scenario during the next), neither judged nor waited for here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from abdm_conformance.exchange import Exchange


class Ledger:
    """The correlation ids each scenario of a run has claimed."""

    def __init__(self) -> None:
        self._owners: dict[str, str] = {}  # correlation id → the scenario that claimed it

    def claim(self, scenario: str, ids: Iterable[Any]) -> None:
        for value in ids:
            if isinstance(value, str) and value:
                self._owners[value] = scenario

    def late_for(self, exchange: Exchange, current: str) -> str | None:
        """The earlier scenario whose late traffic `exchange` is, or None when it is the current one's."""
        owners = [owner for name in names(exchange) if (owner := self._owners.get(name))]
        if not owners or current in owners:
            return None
        return owners[0]

    def owned_by(self, current: str) -> Any:
        """A filter of the exchanges that are `current`'s (for the `about=` of the simulator's waits)."""
        return lambda exchange: self.late_for(exchange, current) is None

    def late_traffic(self, exchanges: list[Exchange], current: str) -> dict[int, str]:
        """seq → the earlier scenario it is late traffic of. An answer to a late request is late as well: the
        gateway's callback names the request id of the app's late request, which the scan claims in order."""
        late: dict[int, str] = {}
        for exchange in exchanges:
            if owner := self.late_for(exchange, current):
                late[exchange.seq] = owner
                self.claim(owner, [exchange.request_id])
        return late


def names(exchange: Exchange) -> Iterator[str]:
    """The ids an exchange names: its request id, the request it answers, and every string of its request body."""
    yield from (i for i in (exchange.request_id, exchange.answers_request_id) if i)
    yield from _strings(exchange.request_json)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
