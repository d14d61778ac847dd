"""The reference HIU as a user runs it: its settings file, its command line, its own process."""

from __future__ import annotations

import socket

import httpx
import pytest

from reference_apps.hiu.__main__ import main
from reference_apps.hiu.defects import DEFECTS
from reference_apps.hiu.process import running_hiu
from reference_apps.hiu.settings import DEFAULT_CONFIG, load_settings
from tests.reference_apps.hiu.stand_ins import RAVI, V3, consent_ask, until


def test_the_bundled_settings():
    settings = load_settings(DEFAULT_CONFIG)

    assert (settings.hiu_id, settings.cm_id, settings.client_id) == ("REF-HIU-01", "sbx", "REF_HIU_CLIENT")
    assert settings.client_secret == "ref-hiu-secret-0001"
    assert settings.gateway_v3_base == "http://127.0.0.1:8070/api/hiecm"
    assert settings.gateway_v05_base == "http://127.0.0.1:8070/gateway"
    assert settings.data_push_url == "http://127.0.0.1:8072/data/push"


@pytest.mark.parametrize(
    ("edit", "complaint"),
    [
        (lambda text: text.replace('hiu_id = "REF-HIU-01"', ""), "'hiu_id' is missing"),
        (lambda text: text + 'colour = "blue"\n', "unknown keys colour"),
        (lambda text: text.replace("http_timeout_seconds = 5", 'http_timeout_seconds = "5"'), "wrong type"),
        (lambda text: text.replace('"http://127.0.0.1:8072"', '"127.0.0.1:8072"'), "public_base_url"),
    ],
    ids=["missing", "unknown", "mistyped", "not a URL"],
)
def test_a_faulty_settings_file_is_refused(tmp_path, edit, complaint):
    config = tmp_path / "hiu.toml"
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


def test_running_hiu_serves_the_driver_over_http(tmp_path):
    # No gateway listens at the gateway's address: the consent request fails there, and says so.
    gateway, bridge = f"127.0.0.1:{free_port()}", f"127.0.0.1:{free_port()}"
    with running_hiu(gateway, bridge, tmp_path), httpx.Client(base_url=f"http://{bridge}") as client:
        assert client.get("/test-driver/consent-requests").json() == {"consent_requests": []}
        response = client.post("/test-driver/actions/request-consent", json=consent_ask(V3))
        assert response.status_code == 202

        (failed,) = until(
            lambda: [
                r
                for r in client.get("/test-driver/consent-requests").json()["consent_requests"]
                if r["status"] == "FAILED"
            ],
            "the consent request to fail at the unreachable gateway",
        )
        assert failed["abha_address"] == RAVI
        refused = client.post("/data/push", json={"transactionId": "t-1"})
        assert refused.status_code == 400
    assert f'public_base_url = "http://{bridge}"' in (tmp_path / "hiu.toml").read_text()
