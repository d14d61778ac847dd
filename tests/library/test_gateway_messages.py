"""What the simulated gateway sends conforms to the same schemas the app's messages are held to."""

from __future__ import annotations

import uuid

import pytest

from abdm_conformance import protocol, schemas
from abdm_conformance.config import load_target
from abdm_conformance.protocol import APIS, FoundCareContext

PATIENT = load_target().patients[0]


def with_ids(api: protocol.Api, body: dict) -> dict:
    return {"requestId": str(uuid.uuid4()), "timestamp": protocol.utc_timestamp(), **body} if api.ids_in_body else body


def bodies(api: protocol.Api) -> dict[str, dict]:
    context = PATIENT.care_contexts[0]
    chosen = [FoundCareContext(PATIENT.reference, PATIENT.name, context.reference, context.display, context.hi_type)]
    transaction_id = str(uuid.uuid4())
    return {
        "discover": protocol.discover_body(api, PATIENT, transaction_id),
        "link-init": protocol.link_init_body(api, transaction_id, PATIENT.abha_address, PATIENT.reference, chosen),
        "link-confirm": protocol.link_confirm_body(api, str(uuid.uuid4()), "123456"),
    }


@pytest.mark.parametrize("version", sorted(APIS))
@pytest.mark.parametrize("message", ["discover", "link-init", "link-confirm"])
def test_gateway_requests_conform(version, message):
    api = APIS[version]
    assert schemas.validate_message(version, message, with_ids(api, bodies(api)[message])) == []


@pytest.mark.parametrize("version", sorted(APIS))
def test_the_schemas_can_reject_a_gateway_request(version):
    api = APIS[version]
    body = with_ids(api, bodies(api)["discover"])
    del body["patient"]["gender"]
    assert [f.path for f in schemas.validate_message(version, "discover", body)] == ["$.patient.gender"]
