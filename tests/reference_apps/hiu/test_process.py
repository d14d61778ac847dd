"""The reference HIU as a user runs it: its settings file and its own process.

Its command line, and what any settings file may get wrong, are tested with the other apps'
(common/test_serve.py, common/test_settings.py).
"""

from __future__ import annotations

import httpx
import pytest

from reference_apps.hiu.process import running_hiu
from reference_apps.hiu.settings import DEFAULT_CONFIG, load_settings
from tests.reference_apps.common.apps import free_port, until
from tests.reference_apps.hiu.stand_ins import RAVI, V3, consent_ask


def test_the_bundled_settings():
    settings = load_settings(DEFAULT_CONFIG)

    assert (settings.hiu_id, settings.cm_id, settings.client_id) == ("REF-HIU-01", "sbx", "REF_HIU_CLIENT")
    assert settings.client_secret == "ref-hiu-secret-0001"
    assert settings.gateway_v3_base == "http://127.0.0.1:8070/api/hiecm"
    assert settings.gateway_v05_base == "http://127.0.0.1:8070/gateway"
    assert settings.data_push_url == "http://127.0.0.1:8072/data/push"


def test_a_public_base_url_that_is_no_url_is_refused(tmp_path):
    # HIPs could not push to it.
    config = tmp_path / "hiu.toml"
    config.write_text(DEFAULT_CONFIG.read_text().replace('"http://127.0.0.1:8072"', '"127.0.0.1:8072"'))

    with pytest.raises(ValueError, match="public_base_url"):
        load_settings(config)


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
