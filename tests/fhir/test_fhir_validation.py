"""FHIR validation of ABDM health records (abdm_conformance.fhir).

The eight bundles under mocks/records/ are valid minimal documents, one per hiType; every broken
variant below is one of them with a single defect, which must be reported at the element's path.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from abdm_conformance.fhir import (
    HI_TYPES,
    FhirError,
    FhirFinding,
    parse_record,
    run_external_validator,
    validate_record,
)

BUNDLES = Path(__file__).resolve().parents[2] / "mocks" / "records"
COMPOSITION = "Bundle.entry[0].resource(Composition)"
PATIENT = "Bundle.entry[1].resource(Patient)"
NOWHERE = "urn:uuid:00000000-0000-4000-8000-000000000000"
COMP = ("entry", 0, "resource")  # the Composition, from the Bundle root

Bundle = dict[str, Any]


@functools.cache
def _text(hi_type: str) -> str:
    return (BUNDLES / f"{hi_type}.json").read_text(encoding="utf-8")


def load(hi_type: str = "OPConsultation") -> Bundle:
    """A fresh copy of the valid bundle, free to mutate."""
    return json.loads(_text(hi_type))


def composition(bundle: Bundle) -> dict[str, Any]:
    return bundle["entry"][0]["resource"]


def triples(findings: list[FhirFinding]) -> set[tuple[str, str, str]]:
    return {(f.rule, f.path, f.severity) for f in findings}


def errors(findings: list[FhirFinding]) -> list[FhirFinding]:
    return [f for f in findings if f.severity == "error"]


# --- valid bundles ---


def test_there_is_one_valid_bundle_per_hi_type() -> None:
    assert sorted(path.stem for path in BUNDLES.glob("*.json")) == sorted(HI_TYPES)


@pytest.mark.parametrize("hi_type", sorted(HI_TYPES))
def test_valid_bundle_has_no_findings(hi_type: str) -> None:
    assert validate_record(parse_record(_text(hi_type)), hi_type) == []


@pytest.mark.parametrize(
    ("actual", "declared"),
    [(actual, declared) for actual in sorted(HI_TYPES) for declared in sorted(HI_TYPES) if actual != declared],
    ids=lambda hi_type: hi_type,
)
def test_bundle_declared_as_another_hi_type_fails_on_profile_and_type(actual: str, declared: str) -> None:
    profile = HI_TYPES[declared].name
    found = {f.rule for f in errors(validate_record(load(actual), declared))}
    assert {f"{profile}.meta.profile", f"{profile}.type"} <= found


# --- broken variants: (mutation, rule, path) ---


def _swap_first_two(b: Bundle) -> None:
    b["entry"][0], b["entry"][1] = b["entry"][1], b["entry"][0]


def _pop(*path: str | int) -> Callable[[Bundle], None]:
    """Deletes the element at `path` from the Bundle root, e.g. `_pop(*COMP, "author")`."""

    def mutate(b: Bundle) -> None:
        node: Any = b
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return mutate


def _set(target: Callable[[Bundle], dict[str, Any]], key: str, value: object) -> Callable[[Bundle], None]:
    def mutate(b: Bundle) -> None:
        target(b)[key] = value

    return mutate


def _duplicate_full_url(b: Bundle) -> None:
    b["entry"][2]["fullUrl"] = b["entry"][1]["fullUrl"]


def _subject_to_practitioner(b: Bundle) -> None:
    composition(b)["subject"]["reference"] = b["entry"][2]["fullUrl"]


def _unknown_resource_type(b: Bundle) -> None:
    b["entry"][5]["resource"]["resourceType"] = "Diagnosis"


BROKEN = [
    pytest.param(_swap_first_two, "bdl-11", "Bundle.entry[0].resource(Patient)", id="composition-not-first"),
    pytest.param(_pop("identifier"), "DocumentBundle.identifier", "Bundle.identifier", id="missing-bundle-identifier"),
    pytest.param(_pop("identifier", "system"), "bdl-9", "Bundle.identifier.system", id="missing-identifier-system"),
    pytest.param(
        _set(lambda b: b, "type", "collection"), "DocumentBundle.type", "Bundle.type", id="bundle-type-collection"
    ),
    pytest.param(_pop("timestamp"), "bdl-10", "Bundle.timestamp", id="missing-timestamp"),
    pytest.param(
        _pop("meta", "versionId"), "DocumentBundle.meta.versionId", "Bundle.meta.versionId", id="missing-meta-versionId"
    ),
    pytest.param(_pop("entry"), "bdl-11", "Bundle.entry", id="no-entries"),
    pytest.param(_duplicate_full_url, "bdl-7", "Bundle.entry[2].fullUrl", id="duplicate-fullUrl"),
    pytest.param(
        _set(lambda b: b["entry"][3], "fullUrl", ""),
        "DocumentBundle.entry.fullUrl",
        "Bundle.entry[3].fullUrl",
        id="empty-fullUrl",
    ),
    pytest.param(
        _set(lambda b: composition(b)["section"][0]["entry"][0], "reference", NOWHERE),
        "ref-resolve",
        f"{COMPOSITION}.section[0].entry[0].reference",
        id="unresolvable-section-entry",
    ),
    pytest.param(
        _set(lambda b: composition(b)["custodian"], "reference", "Organization/unknown"),
        "ref-resolve",
        f"{COMPOSITION}.custodian.reference",
        id="unresolvable-custodian",
    ),
    pytest.param(_pop(*COMP, "author"), "OPConsultRecord.author", f"{COMPOSITION}.author", id="missing-author"),
    pytest.param(
        _set(lambda b: composition(b)["type"]["coding"][0], "code", "440545006"),
        "OPConsultRecord.type",
        f"{COMPOSITION}.type.coding[0].code",
        id="composition-type-is-prescription-code",
    ),
    pytest.param(
        _pop(*COMP, "meta", "profile"),
        "OPConsultRecord.meta.profile",
        f"{COMPOSITION}.meta.profile",
        id="missing-meta-profile",
    ),
    pytest.param(
        _set(composition, "status", "bogus"), "OPConsultRecord.status", f"{COMPOSITION}.status", id="status-bogus"
    ),
    pytest.param(_pop(*COMP, "subject"), "OPConsultRecord.subject", f"{COMPOSITION}.subject", id="missing-subject"),
    pytest.param(
        _subject_to_practitioner,
        "OPConsultRecord.subject",
        f"{COMPOSITION}.subject.reference",
        id="subject-not-a-patient",
    ),
    pytest.param(_pop(*COMP, "date"), "OPConsultRecord.date", f"{COMPOSITION}.date", id="missing-date"),
    pytest.param(_set(composition, "title", "  "), "OPConsultRecord.title", f"{COMPOSITION}.title", id="blank-title"),
    pytest.param(
        _set(composition, "section", []), "OPConsultRecord.section", f"{COMPOSITION}.section", id="no-sections"
    ),
    pytest.param(
        _set(lambda b: composition(b)["section"][1], "entry", []),
        "cmp-2",
        f"{COMPOSITION}.section[1]",
        id="empty-section",
    ),
    pytest.param(
        _pop(*COMP, "section", 0, "entry", 0, "reference"),
        "OPConsultRecord.section.entry",
        f"{COMPOSITION}.section[0].entry[0].reference",
        id="section-entry-without-reference",
    ),
    pytest.param(
        _set(lambda b: b["entry"][1]["resource"], "identifier", []),
        "Patient.identifier",
        f"{PATIENT}.identifier",
        id="patient-without-identifier",
    ),
    pytest.param(
        _set(lambda b: b["entry"][1]["resource"], "birthDate", "1988-13-45"),
        "structure",
        f"{PATIENT}.birthDate",
        id="bad-date-primitive",
    ),
    pytest.param(
        _set(lambda b: b["entry"][1]["resource"], "nickname", "Ashu"),
        "structure",
        f"{PATIENT}.nickname",
        id="unknown-element",
    ),
    pytest.param(
        _unknown_resource_type, "structure", "Bundle.entry[5].resource.resourceType", id="unknown-resource-type"
    ),
]


@pytest.mark.parametrize(("mutate", "rule", "path"), BROKEN)
def test_broken_variant_is_rejected_at_the_element(mutate: Callable[[Bundle], None], rule: str, path: str) -> None:
    bundle = load()
    mutate(bundle)
    findings = validate_record(bundle, "OPConsultation")
    assert (rule, path, "error") in triples(findings), findings


# --- warnings: must-support, unverified or open-slicing rules ---


WARNED = [
    pytest.param(
        _set(lambda b: composition(b)["section"][0]["code"]["coding"][0], "code", "Chief complaint section"),
        "OPConsultRecord.section.code",
        f"{COMPOSITION}.section[0].code.coding[0].code",
        id="section-display-written-as-code",  # NHA's mapper bug, fidelius-and-fhir.md §B4
    ),
    pytest.param(
        _pop(*COMP, "encounter"), "OPConsultRecord.encounter", f"{COMPOSITION}.encounter", id="op-without-encounter"
    ),
    pytest.param(
        _set(lambda b: composition(b)["type"]["coding"][0], "display", "Consultation note"),
        "OPConsultRecord.type",
        f"{COMPOSITION}.type.coding[0].display",
        id="type-display-differs",
    ),
    pytest.param(
        _pop("entry", 1, "resource", "identifier", 0, "type"),
        "Patient.identifier.type",
        f"{PATIENT}.identifier[0].type",
        id="identifier-without-type",
    ),
    pytest.param(
        _set(lambda b: b["entry"][5]["resource"]["subject"], "reference", NOWHERE),
        "ref-resolve",
        "Bundle.entry[5].resource(Condition).subject.reference",
        id="dangling-reference-outside-composition",
    ),
]


@pytest.mark.parametrize(("mutate", "rule", "path"), WARNED)
def test_soft_rule_only_warns(mutate: Callable[[Bundle], None], rule: str, path: str) -> None:
    bundle = load()
    mutate(bundle)
    findings = validate_record(bundle, "OPConsultation")
    assert errors(findings) == []
    assert (rule, path, "warning") in triples(findings), findings


def test_wellness_section_with_an_unknown_title_warns() -> None:
    bundle = load("WellnessRecord")
    composition(bundle)["section"][0]["title"] = "Vitals"
    findings = validate_record(bundle, "WellnessRecord")
    assert triples(findings) == {("WellnessRecord.section.title", f"{COMPOSITION}.section[0].title", "warning")}


# --- tolerated forms ---


def _relative_full_urls(b: Bundle) -> Bundle:
    """NHA's sample style: fullUrl and every reference as "Type/id"."""
    text = json.dumps(b)
    for entry in b["entry"]:
        resource = entry["resource"]
        text = text.replace(entry["fullUrl"], f"{resource['resourceType']}/{resource['id']}")
    return json.loads(text)


def _type_id_references(b: Bundle) -> Bundle:
    """urn:uuid fullUrls kept, the Composition's references written as "Type/id"."""
    text = json.dumps(composition(b))
    for entry in b["entry"][1:]:
        resource = entry["resource"]
        text = text.replace(f'"{entry["fullUrl"]}"', f'"{resource["resourceType"]}/{resource["id"]}"')
    b["entry"][0]["resource"] = json.loads(text)
    return b


def _versioned_profile(b: Bundle) -> Bundle:
    composition(b)["meta"]["profile"] = [HI_TYPES["OPConsultation"].url + "|6.5.0"]
    return b


@pytest.mark.parametrize(
    "variant", [_relative_full_urls, _type_id_references, _versioned_profile], ids=lambda f: f.__name__[1:]
)
def test_tolerated_form_is_valid(variant: Callable[[Bundle], Bundle]) -> None:
    assert validate_record(variant(load()), "OPConsultation") == []


# --- ordering, limits, odd input ---


def test_errors_come_before_warnings_and_messages_stay_short() -> None:
    bundle = load()
    del composition(bundle)["encounter"]  # a warning, found before the errors below
    composition(bundle)["status"] = "x" * 10_000
    bundle["type"] = "collection"
    findings = validate_record(bundle, "OPConsultation")
    severities = [f.severity for f in findings]
    assert severities == sorted(severities, key=lambda s: s != "error") and "warning" in severities
    assert all(len(f.message) <= 200 for f in findings)


@pytest.mark.parametrize(
    "bundle",
    [
        pytest.param({"resourceType": "Bundle", "entry": "not a list"}, id="entry-not-an-array"),
        pytest.param({"resourceType": "Bundle", "entry": ["x", None, 3]}, id="entries-not-objects"),
        pytest.param({"resourceType": "Bundle", "entry": [{"resource": "Composition"}]}, id="resource-not-an-object"),
        pytest.param(
            {"resourceType": "Bundle", "entry": [{"resource": {"status": "final"}}]}, id="resource-without-type"
        ),
        pytest.param(
            {
                "resourceType": "Bundle",
                "entry": [{"resource": {"resourceType": "Composition", "author": "me", "section": {}}}],
            },
            id="composition-elements-of-the-wrong-shape",
        ),
        pytest.param(
            {
                "resourceType": "Bundle",
                "entry": [{"resource": {"resourceType": "Patient", "contained": [{"resourceType": "Nope"}]}}],
            },
            id="unknown-contained-resource",
        ),
        pytest.param({"resourceType": "Patient"}, id="not-a-bundle"),
        pytest.param([], id="json-array"),
    ],
)
def test_malformed_input_is_reported_not_raised(bundle: object) -> None:
    assert errors(validate_record(bundle, "OPConsultation"))


def test_unknown_hi_type_raises_listing_the_known_ones() -> None:
    with pytest.raises(FhirError, match="OPConsultation.*Invoice"):
        validate_record(load(), "OPConsult")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        pytest.param('{"resourceType": "Bundle",', "not JSON", id="truncated"),
        pytest.param("<Bundle xmlns='http://hl7.org/fhir'/>", "not JSON", id="xml"),
        pytest.param('{"value": NaN}', "NaN", id="nan"),
        pytest.param("[]", "JSON object", id="array"),
        pytest.param('"Bundle"', "JSON object", id="string"),
        pytest.param("[" * 100_000 + "]" * 100_000, "nested too deeply", id="deeply-nested"),
    ],
)
def test_parse_record_rejects_non_json_and_non_objects(text: str, problem: str) -> None:
    with pytest.raises(FhirError, match=problem):
        parse_record(text)


# --- external validator hook ---

FAKE_VALIDATOR = """
import json, signal, sys
bundle_path, out_path, mode = sys.argv[1:4]
bundle = json.load(open(bundle_path, encoding="utf-8"))
outcome = {"resourceType": "OperationOutcome", "issue": [
    {"severity": "fatal", "code": "structure", "diagnostics": "cannot parse " + bundle["id"], "location": ["Bundle"]},
    {"severity": "error", "code": "invariant", "details": {"text": "bdl-11 failed"},
     "expression": ["Bundle.entry[0]"], "location": ["Line[1] Col[2]"],
     "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/operationoutcome-message-id",
                    "valueString": "BDL_11"}]},
    {"severity": "warning", "code": "code-invalid", "diagnostics": "display differs", "location": ["Bundle.entry[1]"]},
    {"severity": "information", "code": "informational", "diagnostics": "All OK"}]}
if mode == "outcome":
    json.dump(outcome, open(out_path, "w"))
    sys.exit(1)  # the HL7 validator exits non-zero when it found errors
if mode == "bundle":
    json.dump({"resourceType": "Bundle", "type": "collection", "entry": [{"resource": outcome}]}, open(out_path, "w"))
elif mode == "garbage":
    open(out_path, "w").write("Validation: 2 errors")
elif mode == "crash":
    print("Error: unable to load package ndhm.in#6.5.0", file=sys.stderr)
    sys.exit(2)
elif mode == "hang":
    signal.pause()
"""

EXPECTED_ISSUES = [
    FhirFinding("Bundle", "external:structure", "cannot parse {id}", "error"),
    FhirFinding("Bundle.entry[0]", "external:BDL_11", "bdl-11 failed", "error"),
    FhirFinding("Bundle.entry[1]", "external:code-invalid", "display differs", "warning"),
]


@pytest.fixture
def fake_validator(tmp_path: Path) -> Callable[[str], list[str]]:
    script = tmp_path / "fake_validator.py"
    script.write_text(FAKE_VALIDATOR, encoding="utf-8")
    return lambda mode: [sys.executable, str(script), "{file}", "{out}", mode]


@pytest.mark.parametrize("mode", ["outcome", "bundle"])
def test_external_outcome_becomes_findings(fake_validator: Callable[[str], list[str]], mode: str) -> None:
    text = _text("OPConsultation")
    expected = [
        FhirFinding(f.path, f.rule, f.message.replace("{id}", json.loads(text)["id"]), f.severity)
        for f in EXPECTED_ISSUES
    ]
    assert run_external_validator(fake_validator(mode), text, timeout=30) == expected


@pytest.mark.parametrize(
    ("mode", "timeout", "says"),
    [
        pytest.param(
            "crash",
            30,
            "exited with status 2 and wrote no OperationOutcome: Error: unable to load package",
            id="exit-without-output",
        ),
        pytest.param("silent", 30, "exited with status 0 and wrote no OperationOutcome", id="no-output"),
        pytest.param("garbage", 30, "cannot read the validator's OperationOutcome", id="unparseable-output"),
        pytest.param("hang", 0.5, "did not finish within 0.5 s", id="timeout"),
    ],
)
def test_external_failure_is_one_finding(
    fake_validator: Callable[[str], list[str]], mode: str, timeout: float, says: str
) -> None:
    [finding] = run_external_validator(fake_validator(mode), _text("OPConsultation"), timeout=timeout)
    assert (finding.rule, finding.severity) == ("external-validator", "error")
    assert says in finding.message


def test_external_validator_that_is_not_installed_is_one_finding(tmp_path: Path) -> None:
    [finding] = run_external_validator([str(tmp_path / "validator_cli"), "{file}"], "{}", timeout=5)
    assert finding.rule == "external-validator" and "cannot start" in finding.message
