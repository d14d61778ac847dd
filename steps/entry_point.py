"""The harness as a pytest plugin of any project: the `pytest11` entry point of the installed package.

`pytest --abdm-target my-app.toml` in an integrator's repository then runs the installed suite, with the
verdicts and outputs of `abdm-conformance run`. The repository's own conftest.py registers the same modules
under the same names, so with the package installed in the repository's environment nothing is loaded twice.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from abdm_conformance import resources

# The plugin and the step library the feature files are bound to (steps/test_suite.py).
STEP_LIBRARY = [
    "steps.plugin",
    "steps.common",
    "steps.m2_discovery",
    "steps.m2_linking",
    "steps.m2_records",
    "steps.m2_hip_initiated",
    "steps.m2_hip_linking",
    "steps.m1_abha",
    "steps.m3_hiu",
    "steps.operator",
]
pytest_plugins = STEP_LIBRARY


def pytest_load_initial_conftests(early_config: pytest.Config, args: list[str]) -> None:
    """With --abdm-target, collect the installed suite, unless the command line names a part of it already."""
    if getattr(early_config.known_args_namespace, "target", None) is None:
        return
    for arg in early_config.known_args_namespace.file_or_dir:
        path = Path(arg.split("::")[0]).resolve()
        if any(path == d or d in path.parents for d in (resources.STEPS, resources.FEATURES)):
            return
    args.append(str(resources.STEPS))
