"""The harness's own tests under pytest-xdist (README: `pytest tests -n 3 --dist loadgroup`): modules that listen on
fixed ports or share one module's runs are an `xdist_group` each, kept on one worker."""

from __future__ import annotations

import pytest

from steps.xdist_groups import keep_groups_together


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    keep_groups_together(config, items)
