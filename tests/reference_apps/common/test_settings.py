"""Each app's settings file, read into its typed settings (common/settings.py): a missing, unknown
or mistyped key is refused, naming it."""

from __future__ import annotations

import re

import pytest

from reference_apps.hip import settings as hip_settings
from reference_apps.hiu import settings as hiu_settings
from reference_apps.registration_desk import settings as desk_settings


@pytest.mark.parametrize("app", [hip_settings, hiu_settings, desk_settings], ids=["hip", "hiu", "registration_desk"])
@pytest.mark.parametrize(
    ("edit", "complaint"),
    [
        (lambda text: re.sub(r"^client_id = .*$", "", text, flags=re.MULTILINE), "'client_id' is missing"),
        (lambda text: text + 'colour = "blue"\n', "unknown keys colour"),
        (lambda text: text.replace("http_timeout_seconds = 5", 'http_timeout_seconds = "5"'), "wrong type"),
        (lambda text: text.replace("http_timeout_seconds = 5", "http_timeout_seconds = true"), "wrong type"),
    ],
    ids=["missing", "unknown", "mistyped", "a bool for a number"],
)
def test_a_faulty_settings_file_is_refused(tmp_path, app, edit, complaint):
    config = tmp_path / app.DEFAULT_CONFIG.name
    faulty = edit(app.DEFAULT_CONFIG.read_text())
    assert faulty != app.DEFAULT_CONFIG.read_text()  # the edit found what it changes
    config.write_text(faulty)

    with pytest.raises(ValueError, match=complaint):
        app.load_settings(config)


@pytest.mark.parametrize("app", [hip_settings, hiu_settings, desk_settings], ids=["hip", "hiu", "registration_desk"])
def test_a_whole_number_is_a_timeout_in_seconds(app):
    assert app.load_settings(app.DEFAULT_CONFIG).http_timeout_seconds == 5.0
