"""Splitting a run: `--shard K/N` (a slice of the test cases, one machine each) and `--workers N` (processes of one
run, each with its own simulator and in-process apps).

A shard is a set of whole test cases, never part of one: a case's scenarios share what the simulator and the app
remember (a link made in `605_1` is used in `605_2`), so they run together, in order, in one process. The slice is
round-robin over the sorted ids of the cases the run selects (`--milestone`, `--case`): the case at index i of that
sorted list belongs to shard (i mod N) + 1. Sorted ids put the cases of one family side by side, so round-robin
spreads each family, and with it the time, evenly over the shards; the same selection gives the same slices on
every machine. Every shard of one split must be given the same selection.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable
from dataclasses import dataclass

MAX_DEFAULT_WORKERS = 4  # beyond it, in-process runs of this suite gain little: the silence windows are serial


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def cases(self, case_ids: Iterable[str]) -> set[str]:
        """The cases of this shard among `case_ids`: round-robin over their sorted ids."""
        ordered = sorted(set(case_ids))
        return {case for position, case in enumerate(ordered) if position % self.count == self.index - 1}

    @property
    def not_run_reason(self) -> str:
        return f"in another shard than this one ({self}, --shard)"


def parse_shard(text: str) -> Shard:
    """`K/N` with 1 <= K <= N; an argparse type (pytest's options take it too)."""
    index, slash, count = text.partition("/")
    try:
        shard = Shard(int(index), int(count)) if slash else None
    except ValueError:
        shard = None
    if shard is None or not 1 <= shard.index <= shard.count:
        raise argparse.ArgumentTypeError(f"--shard {text}: give K/N with 1 <= K <= N, e.g. 1/4")
    return shard


def default_workers(transport: str, *, cases_named: bool = False, interactive: bool = False) -> int:
    """In-process: one per CPU, at most MAX_DEFAULT_WORKERS; over HTTP one, since the app knows one gateway. One
    too when test cases are named (`--case`: a few scenarios, which workers' start-up would only slow down) or an
    operator acts (`--interactive`: the instructions reach the terminal from one process only)."""
    if transport != "in-process" or cases_named or interactive:
        return 1
    return min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS)


HTTP_WORKERS_REFUSED = (
    "{option} {n} with transport http: the app under test knows one gateway address, so only one simulator can "
    "serve it; use --workers 1, or --shard K/N on separate machines each with its own app"
)
