"""A wrong target file is named in one line, key included; the CLI exits 2 without running."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import pytest

from abdm_conformance.cli import main
from abdm_conformance.config import EMBEDDED_TARGET, ConfigError, load_target, simulated_hip_patients

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


def _template(tmp_path: Path, role: str, old: str = "", new: str = "") -> Path:
    text = (files("abdm_conformance") / "templates" / f"target-{role}.toml").read_text()
    assert old in text
    path = tmp_path / f"{role}.toml"
    path.write_text(text.replace(old, new, 1) if old else text)
    return path


def test_an_hiu_alone_needs_no_hip_keys_and_gets_the_simulated_hips_patients(tmp_path):
    listed = load_target(_template(tmp_path, "hiu"))
    assert (listed.role, listed.hip_id, listed.bridge_url, listed.link_otp, listed.in_process) == ("HIU", *[None] * 4)
    assert listed.patients == simulated_hip_patients()  # the init file lists the simulated HIP's records as they are
    assert listed.app_actions_by_role == {"HIU": f"test driver at {listed.hiu.driver_url}"}


def test_an_hiu_alone_without_patients_gets_the_simulated_hips(tmp_path):
    path = _template(tmp_path, "hiu")
    path.write_text(path.read_text().split("# The simulated HIP's records")[0])
    assert load_target(path).patients == simulated_hip_patients()


def test_a_desk_alone_in_process_needs_no_hip_factory(tmp_path):
    path = _template(tmp_path, "desk", 'transport = "http"', 'transport = "in-process"')
    text = path.read_text().replace("# [desk.in_process]", "[desk.in_process]")
    path.write_text(
        text.replace('# factory = "my_desk.app:create_app"', 'factory = "reference_apps.registration_desk:create_app"')
    )
    target = load_target(path)
    assert (target.role, target.hip_id, target.hiu, target.transport) == ("desk", None, None, "in-process")
    assert (
        target.with_overrides(state_dir=tmp_path / "state").app_actions
        == f"registration desk: test driver at {target.desk.driver_url}"
    )
