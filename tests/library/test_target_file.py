"""A wrong target file is named in one line, key included; the CLI exits 2 without running."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from abdm_conformance.cli import main
from abdm_conformance.config import EMBEDDED_TARGET, ConfigError, load_target

GOOD = EMBEDDED_TARGET.read_text()


def variant(tmp_path: Path, old: str, new: str) -> Path:
    assert old in GOOD
    path = tmp_path / "target.toml"
    path.write_text(GOOD.replace(old, new, 1))
    return path


def test_the_embedded_target_loads():
    target = load_target()
    assert target.hip_id == "REF-HIP-01" and len(target.patients) >= 2


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('hip_id = "REF-HIP-01"\n', "", "target.hip_id"),
        ('api_version = "v3"', 'api_version = "v4"', "target.api_version"),
        ('listen = "127.0.0.1:8070"', 'listen = "10.0.0.1:8070"', "gateway.listen"),
        ("callback_seconds = 10", 'callback_seconds = "ten"', "timeouts.callback_seconds"),
        ("callback_seconds = 10", "callback_secs = 10", "timeouts.callback_secs"),
        ('gender = "M"', 'gender = "male"', "patients[0].gender"),
        ('transport = "in-process"', 'transport = "carrier-pigeon"', "target.transport"),
    ],
)
def test_a_wrong_key_is_named(tmp_path, old, new, key):
    with pytest.raises(ConfigError, match=re.escape(f"'{key}'")):
        load_target(variant(tmp_path, old, new))


def test_missing_and_malformed_files_are_named(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_target(tmp_path / "absent.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[target\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_target(broken)


def test_cli_reports_a_config_error_in_one_line_and_exits_2(tmp_path, capsys):
    code = main(["run", "--target", str(variant(tmp_path, 'hip_id = "REF-HIP-01"\n', ""))])
    error = capsys.readouterr().err
    assert code == 2
    assert error.count("\n") == 1 and "'target.hip_id' is missing" in error


def test_the_report_states_how_each_role_was_made_to_act(tmp_path):
    """The HIP's driver, the HIU's and the desk's each named; a HIP without a driver says what that means."""
    target = load_target()
    assert target.app_actions_by_role == {
        "HIP": "test driver at http://127.0.0.1:8071/test-driver",
        "HIU": f"test driver at {target.hiu.driver_url}",
        "registration desk": f"test driver at {target.desk.driver_url}",
    }
    assert target.app_actions.startswith("HIP: test driver at http://127.0.0.1:8071/test-driver; HIU: test driver")
    no_driver = "[driver]                                  # optional: the test build's control port (see README)\n"
    no_driver += 'url = "http://127.0.0.1:8071/test-driver"\n'
    without = load_target(variant(tmp_path, no_driver, ""))
    assert without.app_actions_by_role["HIP"] == "none: its cases that start in the app are skipped"
    assert without.app_actions_by_role["registration desk"] == f"test driver at {target.desk.driver_url}"
    interactive = without.with_overrides(interactive=True)
    assert interactive.app_actions_by_role["HIP"] == "operator (interactive mode)"
