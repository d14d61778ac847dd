"""The message schemas are NHA's published contract: generated from the vendored documents, they accept every
example NHA gives and every body NHA's own schemas allow, and refuse what breaks a rule NHA states.

Bodies generated from NHA's schemas (hypothesis-jsonschema) and mutations of valid bodies (a required field
dropped, an enum value or a pattern broken) are derived from the schemas themselves, not written by hand.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator, FormatChecker

from abdm_conformance.schemas import (
    ABHA,
    API_VERSIONS,
    SCHEMA_ROOT,
    SCHEMA_SETS,
    check_message,
    has_schema,
    message_names,
    validate_message,
)
from tests.schemas import nha_examples as nha

MESSAGES = {
    "v3": [
        "consent-fetch", "consent-notify", "consent-request-init", "consent-request-status", "data-push", "discover",
        "gateway-error", "generate-token", "hi-notify", "hi-request", "hiu-consent-notify", "hiu-hi-notify",
        "hiu-hi-request", "link-carecontext", "link-confirm", "link-init", "on-consent-fetch", "on-consent-notify",
        "on-consent-request-init", "on-consent-request-status", "on-discover", "on-generate-token", "on-hi-request",
        "on-hiu-consent-notify", "on-hiu-hi-request", "on-link-carecontext", "on-link-confirm", "on-link-init",
        "on-profile-share", "on-sms-notify", "profile-share", "session-request", "session-response", "sms-notify",
    ],
    "v0.5": [
        "add-contexts", "auth-confirm", "auth-init", "auth-notify", "consent-fetch", "consent-notify",
        "consent-request-init", "consent-request-status", "data-push", "discover", "gateway-error", "hi-notify",
        "hi-request", "hiu-consent-notify", "hiu-hi-notify", "hiu-hi-request", "link-confirm", "link-init",
        "on-add-contexts", "on-auth-confirm", "on-auth-init", "on-auth-notify", "on-consent-fetch",
        "on-consent-notify", "on-consent-request-init", "on-consent-request-status", "on-discover", "on-hi-request",
        "on-hiu-consent-notify", "on-hiu-hi-request", "on-link-confirm", "on-link-init", "on-patient-find",
        "on-patient-status-notify", "on-profile-share", "on-sms-notify", "patient-find", "patient-status-notify",
        "profile-share", "session-request", "session-response", "sms-notify",
    ],
    ABHA: [
        "enrollment-auth-byAbdm", "enrollment-enrol-abha-address", "enrollment-enrol-byAadhaar",
        "enrollment-enrol-byDocument", "enrollment-request-otp", "phr-web-login-abha-request-otp",
        "phr-web-login-abha-verify", "profile-login-request-otp", "profile-login-verify", "profile-login-verify-user",
    ],
}  # fmt: skip
ALL = [(s, m) for s in SCHEMA_SETS for m in MESSAGES[s]]
OVERRIDES = nha.regenerate().overrides()
EXCUSES = [o for o in OVERRIDES["overrides"] if "excuse_example" in o]
HARNESS_ONLY = {(e["set"], e["message"]) for e in OVERRIDES["harness_only"]}
REQUEST_ID = "5f7a535d-a3fd-416b-b069-c97d021fbacd"


def load(schema_set: str, message: str) -> dict[str, Any]:
    return json.loads((SCHEMA_ROOT / schema_set / f"{message}.json").read_text(encoding="utf-8"))


def excuse(schema_set: str, message: str, origin: str) -> dict[str, Any] | None:
    """The override that names why NHA's example at `origin` is wrong, if one does."""
    return next(
        (
            o
            for o in EXCUSES
            if o["set"] == schema_set and o.get("message", message) == message and o["excuse_example"] in origin
        ),
        None,
    )


# ---- the files ----


@pytest.mark.parametrize("schema_set", SCHEMA_SETS)
def test_each_set_keeps_its_messages(schema_set: str):
    assert message_names(schema_set) == MESSAGES[schema_set]


@pytest.mark.parametrize(("schema_set", "message"), ALL)
def test_every_file_is_generated_from_nhas_documents_and_cites_them(schema_set: str, message: str):
    schema = load(schema_set, message)
    Draft202012Validator.check_schema(schema)
    assert schema == nha.regenerate().build(schema_set, message), "hand-edited: run python schemas/regenerate.py"
    assert "NHA" in schema["$comment"] and not re.search(r"\.\./shared|/work/", json.dumps(schema))
    if (schema_set, message) in HARNESS_ONLY:
        assert schema["x-harness-only"] is True
    else:
        assert all("NHA" in schema["$defs"][r["$ref"].removeprefix("#/$defs/")]["$comment"] for r in schema["anyOf"])


def test_nothing_reads_the_shared_specs_folder():
    sources = [*(SCHEMA_ROOT.parent / "abdm_conformance").rglob("*.py"), SCHEMA_ROOT / "regenerate.py"]
    sources += (SCHEMA_ROOT.parent / "tests" / "schemas").glob("*.py")
    readers = [p.name for p in sources if re.search(r"(Path|open)\([^)]*shared", p.read_text(encoding="utf-8"))]
    assert readers == []


def test_every_override_names_its_reason_and_nha_source():
    for override in OVERRIDES["overrides"] + OVERRIDES["harness_only"]:
        assert override["reason"] and "NHA" in override["source"], override
        assert {"pointer", "excuse_example", "schema"} & override.keys(), override


# ---- (a) NHA's own examples ----

MESSAGE_EXAMPLES = [*nha.message_examples(), *nha.postman_examples()]
PROPERTY_EXAMPLES = list(nha.property_examples())


def refused_message_examples() -> Iterator[tuple[nha.Example, list]]:
    for example in MESSAGE_EXAMPLES:
        findings = validate_message(example.schema_set, example.message, example.body)
        if findings and not nha.placeholder_only(findings, example.body):
            yield example, findings


def refused_field_examples() -> Iterator[tuple[str, str, str, Any]]:
    for schema_set, message, where, subschema, example in PROPERTY_EXAMPLES:
        validator = Draft202012Validator(subschema, format_checker=FormatChecker())
        if not validator.is_valid(example) and not (isinstance(example, str) and nha.PLACEHOLDER.search(example)):
            yield schema_set, message, where, example


def test_nhas_message_examples_are_accepted_unless_an_override_names_why():
    assert len(MESSAGE_EXAMPLES) > 130
    unexcused = [
        (e.schema_set, e.message, e.origin, findings)
        for e, findings in refused_message_examples()
        if not excuse(e.schema_set, e.message, e.origin)
    ]
    assert unexcused == []


def test_nhas_field_examples_are_accepted_unless_an_override_names_why():
    assert len(PROPERTY_EXAMPLES) > 300
    assert [refused for refused in refused_field_examples() if not excuse(*refused[:3])] == []


def test_every_excuse_is_still_needed():
    """The overrides that excuse NHA's wrong examples, each used by an example still refused."""
    used = {id(excuse(e.schema_set, e.message, e.origin)) for e, _ in refused_message_examples()}
    used |= {id(excuse(s, m, where)) for s, m, where, _ in refused_field_examples()}
    assert [o["excuse_example"] for o in EXCUSES if id(o) not in used] == []


# ---- (b) bodies NHA's own schemas allow ----

FORMATS = {"uuid": st.uuids().map(str)}  # a format hypothesis-jsonschema does not know
GENERATED = {True: 2, False: 1}  # bodies per copy, preferred or not: about 300 in all, in about 30 s


def nha_copies() -> Iterator[tuple[str, str, Any, bool]]:
    for schema_set, message in ALL:
        for index, found in enumerate(nha.copies(schema_set, message)):
            yield schema_set, message, found, index == 0


COPIES = list(nha_copies())


def closed(schema: Any) -> Any:
    """schema allowing no property it does not name: a subset of what it allows, generated far faster than
    hypothesis's random extra properties (which every schema here allows anyway). Left open where allOf
    combines objects, since a closed part would refuse the other parts' properties."""
    if "allOf" in json.dumps(schema):
        return schema
    if isinstance(schema, list):
        return [closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: {n: closed(s) for n, s in value.items()} if key in ("properties", "$defs") else closed(value)
              for key, value in schema.items()}  # fmt: skip
    if "properties" in schema and "additionalProperties" not in schema:
        result["additionalProperties"] = False
    return result


@pytest.mark.parametrize(
    ("schema_set", "message", "found", "preferred"), COPIES, ids=[f"{s}/{m}: {c.name}" for s, m, c, _ in COPIES]
)
def test_bodies_nhas_original_schemas_allow_are_accepted(schema_set: str, message: str, found: Any, preferred: bool):
    """NHA's copy exactly as converted, before any override: what it allows, the harness must allow."""
    original = closed({**found.schema, "$defs": found.components})

    @settings(
        max_examples=GENERATED[preferred],
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],  # no shrinking: a failure is shown as generated, and the run stays bounded
        suppress_health_check=list(HealthCheck),
    )
    @given(from_schema(original, custom_formats=FORMATS))
    def accepted(body: Any) -> None:
        assert validate_message(schema_set, message, body) == []

    try:
        accepted()
    except Unsatisfiable:
        pytest.skip("hypothesis-jsonschema finds no body this NHA copy allows")


# ---- (c) what breaks NHA's rules is refused, at the offending field ----

NOT_A_MEMBER = "NOT-AN-NHA-VALUE"
PATTERN_BREAKERS = ("<script>alert(1)</script>", "", " ", "\n", "x" * 300, "ABDM")


def mutations(schema: dict[str, Any], defs: dict[str, Any], body: Any, path: str = "$") -> Iterator[tuple]:
    """(description, mutated body, JSON path) for each rule of `schema` that body exercises: every required
    field present dropped, every enum value replaced by a non-member, every pattern broken."""
    while "$ref" in schema:
        schema = {**defs[schema["$ref"].removeprefix("#/$defs/")], **{k: v for k, v in schema.items() if k != "$ref"}}
    for branch in schema.get("allOf", []):
        yield from mutations(branch, defs, body, path)
    for key in ("anyOf", "oneOf"):  # the branch the body follows; bare alternatives (a field or error) are no rule
        branches = [b for b in schema.get(key, []) if b.keys() - {"required", "properties"}]
        valid = [b for b in branches if Draft202012Validator({**b, "$defs": defs}).is_valid(body)]
        if valid:
            yield from mutations(valid[0], defs, body, path)
    if "enum" in schema and body is not None and NOT_A_MEMBER not in schema["enum"]:
        yield "enum", NOT_A_MEMBER, path
    if "pattern" in schema and isinstance(body, str):
        breaker = next((b for b in PATTERN_BREAKERS if not re.search(schema["pattern"], b)), None)
        if breaker is not None:
            yield "pattern", breaker, path
    if isinstance(body, dict):
        for name in schema.get("required", []):
            if name in body:
                yield "required", {k: v for k, v in body.items() if k != name}, f"{path}.{name}"
        for name, subschema in schema.get("properties", {}).items():
            if name in body:
                for what, value, where in mutations(subschema, defs, body[name], f"{path}.{name}"):
                    yield what, {**body, name: value}, where
    if isinstance(body, list) and body and isinstance(schema.get("items"), dict):
        for what, value, where in mutations(schema["items"], defs, body[0], f"{path}[0]"):
            yield what, [value, *body[1:]], where


def valid_body(schema_set: str, message: str) -> Any:
    """NHA's example of the preferred copy if it is valid as written, else the smallest body the preferred copy
    allows."""
    schema = load(schema_set, message)
    preferred = {"$defs": schema["$defs"], **schema["anyOf"][0]}
    validator = Draft202012Validator(preferred, format_checker=FormatChecker())
    name = schema["anyOf"][0]["$ref"].removeprefix("#/$defs/")
    for example in schema["$defs"][name].get("examples", []):
        if validator.is_valid(example):
            return example
    return minimal(preferred)


def minimal(schema: dict[str, Any]) -> Any:
    found: list[Any] = []

    @settings(max_examples=1, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(from_schema(closed(schema), custom_formats=FORMATS))  # hypothesis tries the simplest body first
    def collect(body: Any) -> None:
        found.append(body)

    try:
        collect()
    except Unsatisfiable:
        pytest.skip("hypothesis-jsonschema finds no body NHA's preferred copy allows, and NHA gives no valid example")
    return found[0]


JUDGED = [(s, m) for s, m in ALL if (s, m) not in HARNESS_ONLY]


@pytest.mark.parametrize(("schema_set", "message"), JUDGED)
def test_breaking_a_rule_nha_states_is_refused_at_the_field(schema_set: str, message: str):
    body = valid_body(schema_set, message)
    assert check_message(schema_set, message, body).failures == []
    schema = load(schema_set, message)
    missed = []
    for what, mutated, path in mutations(schema["anyOf"][0], schema["$defs"], copy.deepcopy(body)):
        check = check_message(schema_set, message, mutated)
        named = {f.path for f in check.failures + check.warnings}
        if not any(p == path or p.startswith((path + ".", path + "[")) for p in named):
            missed.append((what, path, check))
    assert missed == []


# ---- what NHA's contract settles, pinned ----


def test_a_zoneless_timestamp_fails_where_nha_says_date_time():
    body = {"requestId": REQUEST_ID, "timestamp": "2024-01-12T10:11:12.345", "transactionId": REQUEST_ID}
    findings = validate_message("v0.5", "on-link-init", {**body, "resp": {"requestId": REQUEST_ID}})
    assert ("$.timestamp", "format") in {(f.path, f.keyword) for f in findings}


def test_null_fails_where_nha_does_not_make_the_field_nullable():
    findings = validate_message("v0.5", "hiu-hi-notify", {"requestId": REQUEST_ID, "notification": None})
    assert ("$.notification", "type") in {(f.path, f.keyword) for f in findings}


def test_markup_in_a_discovered_display_breaks_nhas_v3_pattern():
    visit = {"referenceNumber": "VISIT-1", "display": "<script>alert(1)</script>"}
    patient = {"referenceNumber": "PUID-1", "display": "Ravi", "careContexts": [visit], "hiType": "OPConsultation"}
    body = {"transactionId": REQUEST_ID, "patient": [{**patient, "count": 1}], "matchedBy": ["MOBILE"]}
    findings = validate_message("v3", "on-discover", {**body, "response": {"requestId": REQUEST_ID}})
    assert [(f.path, f.keyword) for f in findings] == [("$.patient[0].careContexts[0].display", "pattern")]
    assert "NHA ABDM v3 API page" in findings[0].source


@pytest.mark.parametrize(
    ("schema_set", "message", "body"),
    [
        ("v3", "generate-token", {"abhaNumber": 12345678901234, "name": "Ravi", "gender": "M", "yearOfBirth": 1990}),
        ("v3", "sms-notify", {"notification": {"phoneNo": "+919876543210", "hip": {"name": "City HIP", "id": "IN01"}}}),
        ("v3", "on-link-init", {"transactionId": REQUEST_ID, "error": {"code": "ABDM-1001", "message": "no data"},
                                "response": {"requestId": REQUEST_ID}}),
    ],
    ids=["generate-token without abhaAddress", "phoneNo with +91", "on-init failure without link"],
)  # fmt: skip
def test_what_nha_allows_the_harness_allows(schema_set: str, message: str, body: dict[str, Any]):
    assert validate_message(schema_set, message, body) == []


def test_a_body_only_an_older_nha_copy_accepts_passes_with_a_warning_naming_it():
    body = {"abhaNumber": 12345678901234, "name": "Ravi Kumar", "gender": "M", "yearOfBirth": 1990}
    check = check_message("v3", "generate-token", body)
    assert check.failures == [] and len(check.warnings) == 1
    assert "HIECM-LinkTokenService.yml" in check.warnings[0].source and "preferred" in check.warnings[0].source
    assert check.warnings[0].path == "$.abhaAddress"


def test_a_harness_only_schema_only_warns():
    check = check_message("v3", "gateway-error", {"error": {"code": 1000}})
    assert check.failures == [] and {f.path for f in check.warnings} == {"$.error.code", "$.error.message"}


def test_when_no_copy_accepts_the_closest_copys_findings_are_reported():
    check = check_message("v3", "on-link-init", {"transactionId": REQUEST_ID, "link": {}})
    assert check.failures and all(f.source == check.source for f in check.failures)
    assert "$.response" in {f.path for f in check.failures}
    assert not any("any of the given schemas" in f.message for f in check.failures)


def test_a_body_that_is_not_an_object_is_reported_at_the_root():
    assert [(f.path, f.keyword) for f in validate_message("v3", "discover", [])] == [("$", "type")]


def test_a_huge_offending_value_is_not_echoed_in_full():
    findings = validate_message("v3", "discover", {"transactionId": "x" * 100_000})
    assert findings and all(len(f.message) <= 200 for f in findings)


@pytest.mark.parametrize(("schema_set", "message", "named"), [("v4", "discover", "'v4'"), ("v3", "share", "'share'")])
def test_unknown_set_or_message_is_refused_by_name(schema_set: str, message: str, named: str):
    assert not has_schema(schema_set, message)
    with pytest.raises(ValueError, match=named):
        validate_message(schema_set, message, {})


@pytest.mark.parametrize("version", API_VERSIONS)
def test_has_schema_knows_every_message(version: str):
    assert all(has_schema(version, m) for m in MESSAGES[version])
