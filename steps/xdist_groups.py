"""pytest-xdist's loadgroup under pytest 9.2: the `@<group>` suffix of node ids, by which xdist keeps an
`xdist_group` on one worker, set where pytest reads it.

pytest-xdist 3.8 sets the suffix through `item._nodeid`, which pytest 9.2 no longer reads (node ids are `item._id`):
without this the groups are silently split across workers. Does nothing once xdist sets the suffix itself.
"""

from __future__ import annotations

import pytest


def is_worker(config: pytest.Config) -> bool:
    """A pytest-xdist worker process, not the controller (nor a run without xdist)."""
    return hasattr(config, "workerinput")


def keep_groups_together(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On an xdist worker scheduling by loadgroup, give each item of an `xdist_group` its `@<group>` node id."""
    if not is_worker(config) or not config.getvalue("loadgroup"):
        return
    for item in items:
        if (mark := item.get_closest_marker("xdist_group")) is None or item.nodeid.endswith(f"@{mark.args[0]}"):
            continue
        grouped = f"{item.nodeid}@{mark.args[0]}"
        node_id = getattr(item, "_id", None)
        if node_id is not None and hasattr(type(node_id), "parse"):
            item._id = type(node_id).parse(grouped)  # type: ignore[attr-defined]
        else:
            item._nodeid = grouped  # type: ignore[attr-defined]
