"""Where the suite's files live: the one place that knows.

The wheel installs the repository's top-level layout unchanged beside this package (`features/`, `schemas/`,
`steps/`, `mocks/`, `reference_apps/` in site-packages; see pyproject.toml), so a checkout and an installed
copy are read the same way: everything is found relative to the folder that holds `abdm_conformance/`.
"""

from __future__ import annotations

import os
from pathlib import Path

SUITE_ROOT = Path(__file__).resolve().parent.parent  # the repository, or site-packages once installed
FEATURES = SUITE_ROOT / "features"  # the Gherkin suite, one file per official test case
STEPS = SUITE_ROOT / "steps"  # the step library and the pytest plugin; what pytest collects
SCHEMAS = SUITE_ROOT / "schemas"  # NHA's contract as JSON Schema, one folder per schema set
SCHEMA_SETS = ("v3", "v0.5", "abha-v3")  # the folders of SCHEMAS the checks read (not nha/, NHA's sources)
RECORDS = SUITE_ROOT / "mocks" / "records"  # one valid NRCeS bundle per HI type, pushed by the simulator
EMBEDDED_TARGET = SUITE_ROOT / "reference_apps" / "target.toml"  # the default target: the bundled apps
TEMPLATES = SUITE_ROOT / "abdm_conformance" / "reporting" / "templates"  # NHA's workbook for the exit pack
DEFAULT_OUT = Path("reports") / "latest"  # a run's output folder, relative to the current folder

# A checkout carries its own pytest configuration; an installed suite must not pick up whichever one sits
# above site-packages (an integrator's project holding its virtual environment).
IN_CHECKOUT = (SUITE_ROOT / "pyproject.toml").is_file() and (SUITE_ROOT / "conftest.py").is_file()


def fingerprinted() -> list[Path]:
    """The folders whose feature and schema files name the suite that ran: the same in a checkout and an
    installed copy (NHA's vendored sources in schemas/nha/ are the schemas' origin, not part of the suite)."""
    return [FEATURES, *(SCHEMAS / name for name in SCHEMA_SETS)]


def pytest_args() -> list[str]:
    """What `abdm-conformance run` hands pytest before its own options: the suite and where its root is."""
    args = [str(STEPS), "--rootdir", str(SUITE_ROOT)]
    if not IN_CHECKOUT:
        args += ["-c", os.devnull, "--confcutdir", str(SUITE_ROOT)]
    return args
