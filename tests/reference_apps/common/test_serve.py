"""Each app's command line (common/serve.py): its defect switches listed, a mistaken start refused."""

from __future__ import annotations

import pytest

from reference_apps.hip.__main__ import main as hip_main
from reference_apps.hip.defects import DEFECTS as HIP_DEFECTS
from reference_apps.hiu.__main__ import main as hiu_main
from reference_apps.hiu.defects import DEFECTS as HIU_DEFECTS
from reference_apps.registration_desk.__main__ import main as desk_main
from reference_apps.registration_desk.defects import DEFECTS as DESK_DEFECTS

APPS = pytest.mark.parametrize(
    ("main", "defects"),
    [(hip_main, HIP_DEFECTS), (hiu_main, HIU_DEFECTS), (desk_main, DESK_DEFECTS)],
    ids=["hip", "hiu", "registration_desk"],
)


@APPS
def test_list_defects(capsys, main, defects):
    main(["--list-defects"])

    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(defects)


@APPS
def test_an_unknown_defect_on_the_command_line_is_an_error(capsys, main, defects):
    with pytest.raises(SystemExit):
        main(["--defect", "no_such_defect"])

    assert "no_such_defect" in capsys.readouterr().err


@APPS
def test_a_missing_settings_file_is_an_error(capsys, tmp_path, main, defects):
    with pytest.raises(SystemExit):
        main(["--config", str(tmp_path / "absent.toml")])

    assert "absent.toml" in capsys.readouterr().err
