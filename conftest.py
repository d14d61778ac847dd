"""Loads the harness's pytest plugin and the step library for the conformance suite.

The installed package registers the same modules through its pytest11 entry point (steps/entry_point.py);
pytest skips a module already registered under its name, so nothing is loaded twice.
"""

import pytest

from steps.entry_point import STEP_LIBRARY

pytest_plugins = STEP_LIBRARY


def pytest_addoption(parser: pytest.Parser) -> None:
    # In this repository the suite's target may also be given as --target (the CLI and integrators' pytest use
    # --abdm-target, which cannot clash with another plugin's --target).
    group = parser.getgroup("abdm-conformance", "ABDM conformance suite")
    group.addoption("--target", dest="target", help="the same as --abdm-target")
