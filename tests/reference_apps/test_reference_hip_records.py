"""The reference HIP's FHIR records: an NRCeS document Bundle for every care context it holds."""

from __future__ import annotations

import json
from datetime import date

import pytest

from reference_apps.hip.records import build_record
from reference_apps.hip.settings import DEFAULT_CONFIG, load_settings
from reference_apps.hip.store import CareContext, load_patients

NRCES = "https://nrces.in/ndhm/fhir/r4/StructureDefinition/"
SNOMED = "http://snomed.info/sct"

PATIENTS = load_patients(load_settings(DEFAULT_CONFIG).patients)
RECORDS = [(patient, context) for patient in PATIENTS for context in patient.care_contexts]


def _snomed(code: str, display: str) -> dict:
    return {"coding": [{"system": SNOMED, "code": code, "display": display}]}


# HI type → (Composition profile, Composition.type, resource types the sections point at)
EXPECTED = {
    "OPConsultation": (
        "OPConsultRecord",
        _snomed("371530004", "Clinical consultation report"),
        {"Condition", "Observation"},
    ),
    "Prescription": ("PrescriptionRecord", _snomed("440545006", "Prescription record"), {"MedicationRequest"}),
    "DiagnosticReport": (
        "DiagnosticReportRecord",
        _snomed("721981007", "Diagnostic studies report"),
        {"DiagnosticReport"},
    ),
    "DischargeSummary": (
        "DischargeSummaryRecord",
        _snomed("373942005", "Discharge summary"),
        {"Condition", "Observation", "MedicationRequest"},
    ),
    "ImmunizationRecord": ("ImmunizationRecord", _snomed("41000179103", "Immunization record"), {"Immunization"}),
    "HealthDocumentRecord": ("HealthDocumentRecord", _snomed("419891008", "Record artifact"), {"DocumentReference"}),
    "WellnessRecord": ("WellnessRecord", {"text": "Wellness Record"}, {"Observation"}),
    "Invoice": ("InvoiceRecord", {"text": "Invoice Record"}, {"Invoice"}),
}


def test_the_patients_hold_every_hi_type():
    assert {context.hi_type for _, context in RECORDS} == set(EXPECTED)


@pytest.mark.parametrize("patient, context", RECORDS, ids=[c.reference for _, c in RECORDS])
def test_each_record_is_a_document_bundle_of_its_profile(patient, context):
    bundle = json.loads(json.dumps(build_record(patient, context)))  # as it travels
    profile, composition_type, section_types = EXPECTED[context.hi_type]

    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "document"
    assert bundle["meta"]["versionId"] and bundle["meta"]["profile"] == [NRCES + "DocumentBundle"]
    assert bundle["identifier"]["system"] and bundle["identifier"]["value"]
    assert bundle["timestamp"]
    full_urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert len(set(full_urls)) == len(full_urls) and all(url.startswith("urn:uuid:") for url in full_urls)
    resources = {entry["fullUrl"]: entry["resource"] for entry in bundle["entry"]}

    def resolve(reference: dict) -> dict:
        assert reference["reference"] in resources, f"{reference} is not in the bundle"
        return resources[reference["reference"]]

    composition = bundle["entry"][0]["resource"]
    assert composition["resourceType"] == "Composition"
    assert composition["meta"]["profile"] == [NRCES + profile]
    assert composition["status"] == "final"
    assert composition["type"] == composition_type
    assert composition["date"] == context.date.isoformat() and composition["title"]
    subject = resolve(composition["subject"])
    assert subject["resourceType"] == "Patient"
    abha = [i for i in subject["identifier"] if i["system"] == "https://healthid.ndhm.gov.in"]
    assert [i["value"] for i in abha] == [patient.abha_number]
    assert subject["name"] == [{"text": patient.name}]
    assert [resolve(author)["resourceType"] for author in composition["author"]] == ["Practitioner"]
    assert resolve(composition["custodian"])["resourceType"] == "Organization"
    assert composition["section"], "a Composition has at least one section"
    pointed_at = {resolve(entry)["resourceType"] for section in composition["section"] for entry in section["entry"]}
    assert pointed_at == section_types
    for resource in resources.values():  # every reference anywhere resolves
        for reference in _references(resource):
            resolve({"reference": reference})


def test_op_consult_and_discharge_sections_carry_nrces_codes():
    codes = {}
    for patient, context in RECORDS:
        if context.hi_type in ("OPConsultation", "DischargeSummary"):
            composition = build_record(patient, context)["entry"][0]["resource"]
            codes[context.hi_type] = {s["code"]["coding"][0]["code"] for s in composition["section"]}
    assert codes == {
        "OPConsultation": {"422843007", "425044008"},  # chief complaints, physical examination
        "DischargeSummary": {"422843007", "425044008", "721912009"},  # ... and medications
    }


def test_a_wellness_record_has_vital_signs():
    patient, context = next((p, c) for p, c in RECORDS if c.hi_type == "WellnessRecord")
    composition = build_record(patient, context)["entry"][0]["resource"]
    assert "Vital Signs" in [section["title"] for section in composition["section"]]


def test_a_health_document_points_at_its_binary():
    patient, context = next((p, c) for p, c in RECORDS if c.hi_type == "HealthDocumentRecord")
    resources = {e["fullUrl"]: e["resource"] for e in build_record(patient, context)["entry"]}
    document = next(r for r in resources.values() if r["resourceType"] == "DocumentReference")
    assert resources[document["content"][0]["attachment"]["url"]]["resourceType"] == "Binary"


def test_an_hi_type_without_a_profile_is_a_value_error():
    with pytest.raises(ValueError, match="Referral"):
        build_record(PATIENTS[0], CareContext("X-1", "Something", "Referral", date(2024, 1, 1)))


def _references(value) -> list[str]:
    """Every Reference.reference (and attachment url) inside a resource."""
    if isinstance(value, dict):
        found = [value["reference"]] if isinstance(value.get("reference"), str) else []
        if isinstance(value.get("url"), str) and value["url"].startswith("urn:uuid:"):
            found.append(value["url"])
        return found + [r for v in value.values() for r in _references(v)]
    if isinstance(value, list):
        return [r for v in value for r in _references(v)]
    return []
