"""The desk as a user runs it: its settings file and its own process.

Its command line, and what any settings file may get wrong, are tested with the other apps'
(common/test_serve.py, common/test_settings.py).
"""

from __future__ import annotations

import httpx

from reference_apps.registration_desk.process import running_desk
from reference_apps.registration_desk.settings import DEFAULT_CONFIG, load_settings
from tests.reference_apps.common.apps import free_port, until
from tests.reference_apps.registration_desk.stand_ins import AADHAAR, AADHAAR_MOBILE


def test_the_bundled_settings():
    settings = load_settings(DEFAULT_CONFIG)

    assert (settings.client_id, settings.client_secret) == ("REF_DESK_CLIENT", "ref-desk-secret-0001")
    assert settings.cm_id == "sbx"
    assert settings.gateway_v3_base == "http://127.0.0.1:8070/api/hiecm"
    assert settings.abha_base == "http://127.0.0.1:8070/abha/api"
    assert settings.http_timeout_seconds == 5.0


def test_running_desk_serves_the_driver_over_http(tmp_path):
    # Nothing listens at the gateway's address: the flow fails at once, and the screen says so.
    gateway, bridge = f"127.0.0.1:{free_port()}", f"127.0.0.1:{free_port()}"
    with running_desk(gateway, bridge, tmp_path), httpx.Client(base_url=f"http://{bridge}") as client:
        assert client.get("/test-driver/last-flow").json() == {
            "state": "idle",
            "step": "",
            "error": None,
            "accounts": [],
        }
        response = client.post("/test-driver/actions/create-abha", json={"aadhaar": AADHAAR, "mobile": AADHAAR_MOBILE})
        assert response.status_code == 202 and response.json() == {"accepted": True}

        def failed() -> dict | None:
            shown = client.get("/test-driver/last-flow").json()
            return shown if shown["state"] == "failed" else None

        shown = until(failed, "the flow to fail at the unreachable gateway")
        assert shown["step"] == "request-aadhaar-otp"
        assert shown["error"]["status"] is None and gateway in shown["error"]["body"]
        assert client.post("/test-driver/actions/enter-otp", json={"otp": "123456"}).status_code == 409
        assert client.get("/test-driver/patients").json() == {"patients": []}
    assert f'gateway_v3_base = "http://{gateway}/api/hiecm"' in (tmp_path / "desk.toml").read_text()
