"""The desk as a user runs it: its settings file, its command line, its own process."""

from __future__ import annotations

import socket
import time

import httpx
import pytest

from reference_apps.registration_desk.__main__ import main
from reference_apps.registration_desk.defects import DEFECTS
from reference_apps.registration_desk.process import running_desk
from reference_apps.registration_desk.settings import DEFAULT_CONFIG, load_settings
from tests.reference_apps.registration_desk.stand_ins import AADHAAR, AADHAAR_MOBILE, DEADLINE_SECONDS, POLL_SECONDS


def test_the_bundled_settings():
    settings = load_settings(DEFAULT_CONFIG)

    assert (settings.client_id, settings.client_secret) == ("REF_DESK_CLIENT", "ref-desk-secret-0001")
    assert settings.cm_id == "sbx"
    assert settings.gateway_v3_base == "http://127.0.0.1:8070/api/hiecm"
    assert settings.abha_base == "http://127.0.0.1:8070/abha/api"
    assert settings.http_timeout_seconds == 5.0


@pytest.mark.parametrize(
    ("edit", "complaint"),
    [
        (lambda text: text.replace('client_id = "REF_DESK_CLIENT"', ""), "'client_id' is missing"),
        (lambda text: text + 'colour = "blue"\n', "unknown keys colour"),
        (lambda text: text.replace("http_timeout_seconds = 5", 'http_timeout_seconds = "5"'), "wrong type"),
    ],
    ids=["missing", "unknown", "mistyped"],
)
def test_a_faulty_settings_file_is_refused(tmp_path, edit, complaint):
    config = tmp_path / "desk.toml"
    config.write_text(edit(DEFAULT_CONFIG.read_text()))

    with pytest.raises(ValueError, match=complaint):
        load_settings(config)


def test_list_defects(capsys):
    main(["--list-defects"])

    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(DEFECTS)


def test_an_unknown_defect_on_the_command_line_is_an_error(capsys):
    with pytest.raises(SystemExit):
        main(["--defect", "no_such_defect"])

    assert "no_such_defect" in capsys.readouterr().err


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_running_desk_serves_the_driver_over_http(tmp_path):
    # Nothing listens at the gateway's address: the flow fails at once, and the screen says so.
    gateway, bridge = f"127.0.0.1:{free_port()}", f"127.0.0.1:{free_port()}"
    with running_desk(gateway, bridge, tmp_path), httpx.Client(base_url=f"http://{bridge}") as client:
        assert client.get("/test-driver/last-flow").json() == {"state": "idle", "step": "", "error": None}
        response = client.post("/test-driver/actions/create-abha", json={"aadhaar": AADHAAR, "mobile": AADHAAR_MOBILE})
        assert response.status_code == 202 and response.json() == {"accepted": True}

        end = time.monotonic() + DEADLINE_SECONDS
        while (shown := client.get("/test-driver/last-flow").json())["state"] != "failed":
            assert time.monotonic() < end, f"the flow did not fail at the unreachable gateway: {shown}"
            time.sleep(POLL_SECONDS)
        assert shown["step"] == "request-aadhaar-otp"
        assert shown["error"]["status"] is None and gateway in shown["error"]["body"]
        assert client.post("/test-driver/actions/enter-otp", json={"otp": "123456"}).status_code == 409
        assert client.get("/test-driver/patients").json() == {"patients": []}
    assert f'gateway_v3_base = "http://{gateway}/api/hiecm"' in (tmp_path / "desk.toml").read_text()
