"""The defect switches every app is started with (common/defects.py)."""

from __future__ import annotations

import pytest

from reference_apps.common.defects import Defects

CATALOGUE = {"answers_late": "a deliberate mistake", "answers_wrong": "another"}


def test_only_the_switches_turned_on_are_enabled():
    defects = Defects(CATALOGUE, ["answers_late"])

    assert defects.enabled("answers_late") and not defects.enabled("answers_wrong")


def test_turning_on_a_switch_not_in_the_catalogue_is_a_value_error_naming_the_valid_ones():
    with pytest.raises(ValueError, match="no_such_defect.*valid: answers_late, answers_wrong"):
        Defects(CATALOGUE, ["no_such_defect"])


def test_consulting_a_switch_not_in_the_catalogue_is_a_key_error():
    # A misspelt switch in an app must fail loudly, not silently never fire.
    with pytest.raises(KeyError):
        Defects(CATALOGUE).enabled("answers_lately")
