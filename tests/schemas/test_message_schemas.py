"""The message schemas accept the spec's own examples and point at what is wrong in broken ones.

Examples follow ../shared/reference/abdm-api.md §3.1, §5.1 and §5.2.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from abdm_conformance.schemas import API_VERSIONS, SCHEMA_ROOT, message_names, validate_message

MESSAGES = [
    "discover",
    "gateway-error",
    "link-confirm",
    "link-init",
    "on-discover",
    "on-link-confirm",
    "on-link-init",
    "session-request",
    "session-response",
]
REQUEST_ID = "5f7a535d-a3fd-416b-b069-c97d021fbacd"
ANSWERED_ID = "499a5a4a-7dda-4f20-9b67-e24589627061"
TRANSACTION_ID = "f901b782-bfdf-4224-9f8d-da2cadc20c0d"
TIMESTAMP = "2024-01-12T10:11:12.345Z"
OPD_VISIT = {"referenceNumber": "VISIT-2024-01", "display": "OPD 12 Jan 2024"}
SESSION_RESPONSE = {
    "accessToken": "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
    "expiresIn": 1200,
    "refreshExpiresIn": 1800,
    "refreshToken": "eyJhbGciOiJSUzI1NiJ9.e30.cmVm",
    "tokenType": "bearer",
}
RAVI = {"referenceNumber": "PUID-001", "display": "Ravi Kumar"}
V3_OPD = {**RAVI, "careContexts": [OPD_VISIT], "hiType": "OPConsultation", "count": 1}
V05_IDS = {"requestId": REQUEST_ID, "timestamp": TIMESTAMP}
V3_ANSWER = {"response": {"requestId": ANSWERED_ID}}
V05_ANSWER = {**V05_IDS, "resp": {"requestId": ANSWERED_ID}}

VALID: dict[tuple[str, str], dict[str, Any]] = {
    ("v3", "session-request"): {"clientId": "SBX_000000", "clientSecret": "s3cret", "grantType": "client_credentials"},
    ("v3", "session-response"): SESSION_RESPONSE,
    ("v3", "gateway-error"): {"error": {"code": "ABDM-1017", "message": "Invalid TransactionId"}},
    ("v3", "discover"): {
        **V05_IDS,  # v3 carries them as headers, but a body may repeat them
        "transactionId": TRANSACTION_ID,
        "patient": {
            "id": "ravi.kumar@sbx",
            "verifiedIdentifiers": [
                {"type": "MOBILE", "value": "9876543210"},
                {"type": "ABHA_NUMBER", "value": "91-1783-8610-1731"},
            ],
            "unverifiedIdentifiers": [{"type": "MR", "value": "MR-7781"}],
            "name": "Ravi Kumar",
            "gender": "M",
            "yearOfBirth": 1986,
        },
    },
    ("v3", "on-discover"): {"transactionId": TRANSACTION_ID, "patient": [V3_OPD], "matchedBy": ["MOBILE"], **V3_ANSWER},
    ("v3", "link-init"): {"transactionId": TRANSACTION_ID, "abhaAddress": "ravi.kumar@sbx", "patient": [V3_OPD]},
    ("v3", "on-link-init"): {
        "transactionId": TRANSACTION_ID,
        "link": {
            "referenceNumber": "LINK-REF-1",
            "authenticationType": "DIRECT",
            "meta": {
                "communicationMedium": "MOBILE",
                "communicationHint": "OTP",
                "communicationExpiry": "2024-01-12T10:21:12.345Z",
            },
        },
        **V3_ANSWER,
    },
    ("v3", "link-confirm"): {"confirmation": {"linkRefNumber": "LINK-REF-1", "token": "123456"}},
    ("v3", "on-link-confirm"): {"patient": [V3_OPD], **V3_ANSWER},
    ("v0.5", "session-request"): {"clientId": "SBX_000000", "clientSecret": "s3cret"},
    ("v0.5", "session-response"): SESSION_RESPONSE,
    ("v0.5", "gateway-error"): {"error": {"code": 1016, "message": "Invalid timestamp"}},
    ("v0.5", "discover"): {
        **V05_IDS,
        "transactionId": TRANSACTION_ID,
        "patient": {
            "id": "ravi.kumar@sbx",
            "verifiedIdentifiers": [{"type": "MOBILE", "value": "+919800083232"}],
            "unverifiedIdentifiers": [],
            "name": "Ravi Kumar",
            "gender": "M",
            "yearOfBirth": 1986,
        },
    },
    ("v0.5", "on-discover"): {
        "transactionId": TRANSACTION_ID,
        "patient": {**RAVI, "careContexts": [OPD_VISIT], "matchedBy": ["MOBILE"]},
        **V05_ANSWER,
    },
    ("v0.5", "link-init"): {
        **V05_IDS,
        "transactionId": TRANSACTION_ID,
        "patient": {
            "id": "ravi.kumar@sbx",
            "referenceNumber": "PUID-001",
            "careContexts": [{"referenceNumber": "VISIT-2024-01"}],
        },
    },
    ("v0.5", "on-link-init"): {
        "transactionId": TRANSACTION_ID,
        "link": {
            "referenceNumber": "LINK-REF-1",
            "authenticationType": "MEDIATED",
            "meta": {"communicationMedium": "MOBILE"},
        },
        **V05_ANSWER,
    },
    ("v0.5", "link-confirm"): {**V05_IDS, "confirmation": {"linkRefNumber": "LINK-REF-1", "token": "123456"}},
    ("v0.5", "on-link-confirm"): {"patient": {**RAVI, "careContexts": [OPD_VISIT]}, **V05_ANSWER},
}

# Failure replies: error instead of the success payload, which may be absent, null or empty.
V3_NOT_FOUND = {"error": {"code": "ABDM-1010", "message": "Patient not found"}, **V3_ANSWER}
V3_UNKNOWN_TRANSACTION = {"error": {"code": "ABDM-1017", "message": "Invalid TransactionId"}, **V3_ANSWER}
V05_NOT_FOUND = {"error": {"code": 1000, "message": "Patient not found"}, **V05_ANSWER}
V05_UNKNOWN_TRANSACTION = {"error": {"code": 1000, "message": "Invalid TransactionId"}, **V05_ANSWER}
FAILURES: list[tuple[str, str, dict[str, Any]]] = [
    ("v3", "on-discover", {"transactionId": TRANSACTION_ID, **V3_NOT_FOUND}),
    ("v3", "on-discover", {"transactionId": TRANSACTION_ID, "patient": [], **V3_NOT_FOUND}),
    ("v3", "on-link-init", {"transactionId": TRANSACTION_ID, "link": None, **V3_UNKNOWN_TRANSACTION}),
    ("v3", "on-link-confirm", {"error": {"code": "ABDM-1035", "message": "Incorrect OTP"}, **V3_ANSWER}),
    ("v0.5", "on-discover", {"transactionId": TRANSACTION_ID, "patient": None, **V05_NOT_FOUND}),
    ("v0.5", "on-link-init", {"transactionId": TRANSACTION_ID, **V05_UNKNOWN_TRANSACTION}),
    ("v0.5", "on-link-confirm", {"error": {"code": 1000, "message": "Incorrect OTP"}, **V05_ANSWER}),
]

REMOVE = object()

# (version, message, element to change as a dotted path, new value or REMOVE, path of the one expected finding)
BROKEN: list[tuple[str, str, str, Any, str]] = [
    ("v3", "session-request", "grantType", REMOVE, "$.grantType"),
    ("v3", "session-response", "expiresIn", "1200", "$.expiresIn"),
    ("v3", "gateway-error", "error.code", 1017, "$.error.code"),
    ("v3", "discover", "patient.gender", "X", "$.patient.gender"),
    ("v3", "discover", "requestId", "not-a-uuid", "$.requestId"),
    ("v3", "discover", "patient.verifiedIdentifiers.0.type", "HEALTH_ID", "$.patient.verifiedIdentifiers[0].type"),
    ("v3", "on-discover", "patient.0.careContexts.0.display", REMOVE, "$.patient[0].careContexts[0].display"),
    ("v3", "on-discover", "response", REMOVE, "$.response"),
    ("v3", "on-discover", "patient.0.count", 0, "$.patient[0].count"),
    ("v3", "on-discover", "patient", [], "$.patient"),
    ("v3", "link-init", "patient.0.hiType", "LabReport", "$.patient[0].hiType"),
    ("v3", "on-link-init", "link.authenticationType", "MEDIATE", "$.link.authenticationType"),
    ("v3", "on-link-init", "link.meta.communicationExpiry", REMOVE, "$.link.meta.communicationExpiry"),
    ("v3", "on-link-init", "link", REMOVE, "$.link"),
    ("v3", "link-confirm", "confirmation.token", REMOVE, "$.confirmation.token"),
    ("v3", "on-link-confirm", "response.requestId", "REQ-1", "$.response.requestId"),
    ("v0.5", "session-request", "clientSecret", REMOVE, "$.clientSecret"),
    ("v0.5", "session-response", "accessToken", "", "$.accessToken"),
    ("v0.5", "gateway-error", "error.code", "ABDM-1016", "$.error.code"),
    ("v0.5", "discover", "timestamp", REMOVE, "$.timestamp"),
    ("v0.5", "discover", "patient.gender", "D", "$.patient.gender"),  # valid in v3 only
    ("v0.5", "discover", "patient.verifiedIdentifiers", [], "$.patient.verifiedIdentifiers"),
    ("v0.5", "on-discover", "patient.careContexts.0.display", REMOVE, "$.patient.careContexts[0].display"),
    ("v0.5", "on-discover", "resp.requestId", "REQ-1", "$.resp.requestId"),
    ("v0.5", "link-init", "patient.careContexts", [], "$.patient.careContexts"),
    ("v0.5", "on-link-init", "link.meta.communicationMedium", REMOVE, "$.link.meta.communicationMedium"),
    ("v0.5", "link-confirm", "timestamp", "12/01/2024 10:11", "$.timestamp"),
    ("v0.5", "on-link-confirm", "patient", REMOVE, "$.patient"),
    ("v0.5", "on-link-confirm", "patient.display", REMOVE, "$.patient.display"),
]


def edited(body: dict[str, Any], dotted_path: str, value: Any) -> dict[str, Any]:
    """A copy of body with the element at dotted_path ("patient.0.display") replaced, or removed."""
    changed = copy.deepcopy(body)
    *parents, last = [int(key) if key.isdigit() else key for key in dotted_path.split(".")]
    container = changed
    for key in parents:
        container = container[key]
    if value is REMOVE:
        del container[last]
    else:
        container[last] = value
    return changed


SCHEMA_FILES = sorted(SCHEMA_ROOT.glob("*/*.json"))


@pytest.mark.parametrize("schema_file", SCHEMA_FILES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_every_schema_file_is_a_draft_2020_12_schema_naming_its_source(schema_file: Path):
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:abdm-conformance:schema:{schema_file.parent.name}:{schema_file.stem}"
    assert "../shared/" in schema["$comment"]


@pytest.mark.parametrize("version", API_VERSIONS)
def test_both_versions_have_the_same_messages(version: str):
    assert message_names(version) == MESSAGES


@pytest.mark.parametrize(("version", "message"), sorted(VALID))
def test_spec_example_is_accepted(version: str, message: str):
    assert validate_message(version, message, VALID[version, message]) == []


@pytest.mark.parametrize(("version", "message", "body"), FAILURES)
def test_failure_reply_needs_no_success_payload(version: str, message: str, body: dict[str, Any]):
    assert validate_message(version, message, body) == []


@pytest.mark.parametrize(("version", "message", "dotted_path", "value", "expected_path"), BROKEN)
def test_broken_message_is_reported_at_the_offending_element(version, message, dotted_path, value, expected_path):
    body = edited(VALID[version, message], dotted_path, value)
    assert [finding.path for finding in validate_message(version, message, body)] == [expected_path]


def test_a_body_that_is_not_an_object_is_reported_at_the_root():
    assert [finding.path for finding in validate_message("v3", "on-discover", ["not", "an", "object"])] == ["$"]


def test_a_huge_offending_value_is_not_echoed_in_full():
    body = edited(VALID["v3", "discover"], "patient.gender", "X" * 100_000)
    [finding] = validate_message("v3", "discover", body)
    assert len(finding.message) == 200


@pytest.mark.parametrize(("version", "message", "named"), [("v4", "discover", "'v4'"), ("v3", "share", "'share'")])
def test_unknown_version_or_message_is_refused_by_name(version: str, message: str, named: str):
    with pytest.raises(ValueError, match=named):
        validate_message(version, message, {})
