"""The HIP's records as FHIR documents: one NRCeS document Bundle per care context.

The FHIR Implementation Guide for ABDM (NRCeS) profiles each HI type as a Composition with
a fixed type. A record is a Bundle of type "document": the Composition first, then every
resource it references, each under a urn:uuid fullUrl. The clinical content is sample
data; a real HIP maps its EMR into the same resources.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from reference_apps.hip.store import CareContext, Patient

NRCES = "https://nrces.in/ndhm/fhir/r4/StructureDefinition/"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
IDENTIFIER_TYPES = "http://terminology.hl7.org/CodeSystem/v2-0203"
ABHA_NUMBER_SYSTEM = "https://healthid.ndhm.gov.in"  # the ABHA number, typed MR, as the IG's Patient examples have it

# The people and place this sample HIP's records name.
FACILITY = {"id": "REF-HIP-01", "name": "Reference Hospital", "system": "https://facility.ndhm.gov.in"}
DOCTOR = {"id": "71-4419-2368-9072", "name": "Dr. Meera Nair", "system": "https://doctor.ndhm.gov.in"}
MEDICAL_RECORD_SYSTEM = "https://reference-hospital.example/patient-id"

Reference = dict[str, str]


@dataclass(frozen=True)
class RecordKind:
    profile: str  # the Composition profile, under NRCES
    type: dict[str, Any]  # Composition.type, fixed by the profile
    title: str
    sections: Callable[[_Document], list[dict[str, Any]]]


def build_record(patient: Patient, care_context: CareContext) -> dict[str, Any]:
    """The care context's record as a document Bundle, ready for json.dumps."""
    kind = RECORD_KINDS.get(care_context.hi_type)
    if kind is None:
        raise ValueError(f"no FHIR record for HI type {care_context.hi_type!r}")
    document = _Document(patient, care_context)
    return document.bundle(kind, kind.sections(document))


class _Document:
    """A bundle being written: the Patient, author and custodian, then what the sections add."""

    def __init__(self, patient: Patient, care_context: CareContext):
        self.care_context = care_context
        self.date = care_context.date.isoformat()
        self.encounter: Reference | None = None
        self._entries: list[dict[str, Any]] = []
        # The Patient is the first entry after the Composition.
        self.patient = self.add(
            "Patient",
            identifier=[
                _identifier("MR", "Medical record number", ABHA_NUMBER_SYSTEM, patient.abha_number),
                _identifier("MR", "Medical record number", MEDICAL_RECORD_SYSTEM, patient.reference),
            ],
            name=[{"text": patient.name}],
            telecom=[{"system": "phone", "value": f"+91{patient.mobile}", "use": "mobile"}],
            gender={"M": "male", "F": "female"}.get(patient.gender, "other"),
            birthDate=str(patient.year_of_birth),  # FHIR allows a year alone
        ) | {"display": patient.name}
        self.author = self.add(
            "Practitioner",
            identifier=[_identifier("MD", "Medical License number", DOCTOR["system"], DOCTOR["id"])],
            name=[{"text": DOCTOR["name"]}],
        )
        self.custodian = self.add(
            "Organization",
            identifier=[_identifier("PRN", "Provider number", FACILITY["system"], FACILITY["id"])],
            name=FACILITY["name"],
        )

    def add(self, resource_type: str, *, profile: str | None = None, **content: Any) -> Reference:
        """Add a resource (profiled as NRCeS's profile of its type unless told); a reference to it."""
        resource_id = str(uuid.uuid4())
        resource = {
            "resourceType": resource_type,
            "id": resource_id,
            "meta": {"profile": [NRCES + (profile or resource_type)]},
            **content,
        }
        self._entries.append({"fullUrl": f"urn:uuid:{resource_id}", "resource": resource})
        return {"reference": f"urn:uuid:{resource_id}"}

    def add_encounter(self, class_code: str, class_display: str, start: str) -> None:
        """The visit or stay the record is about; the Composition names it."""
        act_class = {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": class_code}
        self.encounter = self.add(
            "Encounter",
            status="finished",
            **{"class": act_class},  # "class" is a Python keyword
            subject=self.patient,
            period={"start": start, "end": self.date},
            serviceProvider=self.custodian,
        ) | {"display": class_display}

    def bundle(self, kind: RecordKind, sections: list[dict[str, Any]]) -> dict[str, Any]:
        now = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        composition_id, bundle_id = str(uuid.uuid4()), str(uuid.uuid4())
        composition = {
            "resourceType": "Composition",
            "id": composition_id,
            "meta": {"versionId": "1", "lastUpdated": now, "profile": [NRCES + kind.profile]},
            "language": "en-IN",
            "status": "final",
            "type": kind.type,
            "subject": self.patient,
            **({"encounter": self.encounter} if self.encounter else {}),
            "date": self.date,
            "author": [self.author],
            "title": kind.title,
            "custodian": self.custodian,
            "section": sections,
        }
        return {
            "resourceType": "Bundle",
            "id": bundle_id,
            "meta": {
                "versionId": "1",
                "lastUpdated": now,
                "profile": [NRCES + "DocumentBundle"],
                "security": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality",
                        "code": "V",
                        "display": "very restricted",
                    }
                ],
            },
            "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{bundle_id}"},
            "type": "document",
            "timestamp": now,
            "entry": [{"fullUrl": f"urn:uuid:{composition_id}", "resource": composition}, *self._entries],
        }


# ---- FHIR datatypes ----


def _coded(system: str, code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code, "display": display}]}


def _snomed(code: str, display: str) -> dict[str, Any]:
    return _coded(SNOMED, code, display)


def _loinc(code: str, display: str) -> dict[str, Any]:
    return _coded(LOINC, code, display)


def _quantity(value: float, ucum_code: str, unit: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": ucum_code}


def _rupees(amount: int) -> dict[str, Any]:
    return {"value": amount, "currency": "INR"}


def _identifier(type_code: str, type_display: str, system: str, value: str) -> dict[str, Any]:
    return {"type": _coded(IDENTIFIER_TYPES, type_code, type_display), "system": system, "value": value}


def _section(title: str, code: tuple[str, str] | None, *entries: Reference) -> dict[str, Any]:
    """A Composition section; sliced by SNOMED code in most records, by title alone in some."""
    return {
        "title": title,
        **({"code": _snomed(*code)} if code else {}),
        "entry": [{"reference": entry["reference"]} for entry in entries],
    }


# ---- the content of each kind of record ----


def _op_consultation(document: _Document) -> list[dict[str, Any]]:
    document.add_encounter("AMB", "Outpatient visit", document.date)
    complaint = document.add(
        "Condition",
        clinicalStatus=_coded("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active"),
        code=_snomed("386661006", "Fever"),
        subject=document.patient,
        encounter=document.encounter,
        recordedDate=document.date,
    )
    temperature = document.add(
        "Observation",
        status="final",
        code=_loinc("8310-5", "Body temperature"),
        subject=document.patient,
        effectiveDateTime=document.date,
        performer=[document.author],
        valueQuantity=_quantity(38.4, "Cel", "°C"),
    )
    return [
        _section("Chief complaints", ("422843007", "Chief complaint section"), complaint),
        _section("Physical examination", ("425044008", "Physical exam section"), temperature),
    ]


def _prescription(document: _Document) -> list[dict[str, Any]]:
    medication = document.add(
        "MedicationRequest",
        status="active",
        intent="order",
        medicationCodeableConcept=_snomed("322236009", "Paracetamol 500 mg oral tablet"),
        subject=document.patient,
        authoredOn=document.date,
        requester=document.author,
        reasonCode=[_snomed("386661006", "Fever")],
        dosageInstruction=[{"text": "One tablet every six hours if needed, at most four a day, for three days"}],
    )
    return [_section("Prescription", ("440545006", "Prescription record"), medication)]


LIPID_PANEL = (
    ("2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", 212),
    ("2571-8", "Triglyceride [Mass/volume] in Serum or Plasma", 168),
    ("2085-9", "Cholesterol in HDL [Mass/volume] in Serum or Plasma", 44),
)


def _diagnostic_report(document: _Document) -> list[dict[str, Any]]:
    laboratory = _coded("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "Laboratory")
    results = [
        document.add(
            "Observation",
            status="final",
            category=[laboratory],
            code=_loinc(code, display),
            subject=document.patient,
            effectiveDateTime=document.date,
            valueQuantity=_quantity(value, "mg/dL", "mg/dL"),
        )
        for code, display, value in LIPID_PANEL
    ]
    report = document.add(
        "DiagnosticReport",
        profile="DiagnosticReportLab",
        status="final",
        category=[_coded("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB", "Laboratory")],
        code=_loinc("24331-1", "Lipid 1996 panel - Serum or Plasma"),
        subject=document.patient,
        effectiveDateTime=document.date,
        issued=f"{document.date}T12:00:00+05:30",
        performer=[document.custodian],
        resultsInterpreter=[document.author],
        result=results,
        conclusion="Total cholesterol borderline high; HDL cholesterol low.",
    )
    return [_section("Diagnostic report", ("721981007", "Diagnostic studies report"), report)]


def _discharge_summary(document: _Document) -> list[dict[str, Any]]:
    admitted = (document.care_context.date - timedelta(days=4)).isoformat()
    document.add_encounter("IMP", "Inpatient stay", admitted)
    diagnosis = document.add(
        "Condition",
        clinicalStatus=_coded("http://terminology.hl7.org/CodeSystem/condition-clinical", "resolved", "Resolved"),
        code=_snomed("233604007", "Pneumonia"),
        subject=document.patient,
        encounter=document.encounter,
        recordedDate=admitted,
    )
    saturation = document.add(
        "Observation",
        status="final",
        code=_loinc("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry"),
        subject=document.patient,
        effectiveDateTime=document.date,
        valueQuantity=_quantity(97, "%", "%"),
    )
    medication = document.add(
        "MedicationRequest",
        status="active",
        intent="order",
        medicationCodeableConcept=_snomed("323509004", "Amoxicillin 500 mg oral capsule"),
        subject=document.patient,
        authoredOn=document.date,
        requester=document.author,
        dosageInstruction=[{"text": "One capsule three times a day for five days"}],
    )
    return [
        _section("Chief complaints", ("422843007", "Chief complaint section"), diagnosis),
        _section("Physical examination", ("425044008", "Physical exam section"), saturation),
        _section("Medications", ("721912009", "Medication summary document"), medication),
    ]


def _immunization(document: _Document) -> list[dict[str, Any]]:
    immunization = document.add(
        "Immunization",
        status="completed",
        vaccineCode=_coded("http://hl7.org/fhir/sid/cvx", "115", "Tdap"),
        patient=document.patient,
        occurrenceDateTime=document.date,
        primarySource=True,
        lotNumber="TD2403A",
        performer=[{"actor": document.author}],
        protocolApplied=[{"doseNumberPositiveInt": 1}],
    )
    return [_section("Immunization record", ("41000179103", "Immunization record"), immunization)]


REFERRAL_LETTER = (
    "Dear colleague,\n\nPlease see this patient for a recurrent cough since an episode of pneumonia. "
    "Chest examination and oxygen saturation are normal today.\n\nDr. Meera Nair\n"
)


def _health_document(document: _Document) -> list[dict[str, Any]]:
    letter = document.add("Binary", contentType="text/plain", data=base64.b64encode(REFERRAL_LETTER.encode()).decode())
    reference = document.add(
        "DocumentReference",
        status="current",
        docStatus="final",
        type=_loinc("57133-1", "Referral note"),
        subject=document.patient,
        date=f"{document.date}T09:00:00+05:30",
        author=[document.author],
        content=[
            {
                "attachment": {
                    "contentType": "text/plain",
                    "url": letter["reference"],
                    "title": document.care_context.display,
                    "creation": document.date,
                }
            }
        ],
    )
    return [_section("Health document", ("419891008", "Record artifact"), reference)]


def _wellness(document: _Document) -> list[dict[str, Any]]:
    vital_signs = _coded("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")

    def measurement(code: str, display: str, **value: Any) -> Reference:
        return document.add(
            "Observation",
            status="final",
            category=[vital_signs],
            code=_loinc(code, display),
            subject=document.patient,
            effectiveDateTime=document.date,
            performer=[document.author],
            **value,
        )

    blood_pressure = measurement(
        "85354-9",
        "Blood pressure panel with all children optional",
        component=[
            {"code": _loinc("8480-6", "Systolic blood pressure"), "valueQuantity": _quantity(118, "mm[Hg]", "mmHg")},
            {"code": _loinc("8462-4", "Diastolic blood pressure"), "valueQuantity": _quantity(76, "mm[Hg]", "mmHg")},
        ],
    )
    heart_rate = measurement("8867-4", "Heart rate", valueQuantity=_quantity(72, "/min", "beats/minute"))
    weight = measurement("29463-7", "Body weight", valueQuantity=_quantity(58, "kg", "kg"))
    height = measurement("8302-2", "Body height", valueQuantity=_quantity(160, "cm", "cm"))
    # WellnessRecord tells its sections apart by title.
    return [
        _section("Vital Signs", None, blood_pressure, heart_rate),
        _section("Body Measurement", None, weight, height),
    ]


def _invoice(document: _Document) -> list[dict[str, Any]]:
    charges = (("Tdap vaccine", 650), ("Vaccine administration", 100))
    invoice = document.add(
        "Invoice",
        status="issued",
        subject=document.patient,
        date=f"{document.date}T11:00:00+05:30",
        issuer=document.custodian,
        participant=[{"actor": document.author}],
        lineItem=[
            {
                "sequence": number,
                "chargeItemCodeableConcept": {"text": text},
                "priceComponent": [{"type": "base", "amount": _rupees(amount)}],
            }
            for number, (text, amount) in enumerate(charges, start=1)
        ],
        totalNet=_rupees(sum(amount for _, amount in charges)),
        totalGross=_rupees(sum(amount for _, amount in charges)),
    )
    return [_section("Invoice", None, invoice)]


RECORD_KINDS: dict[str, RecordKind] = {
    "OPConsultation": RecordKind(
        "OPConsultRecord", _snomed("371530004", "Clinical consultation report"), "Consultation Report", _op_consultation
    ),
    "Prescription": RecordKind(
        "PrescriptionRecord", _snomed("440545006", "Prescription record"), "Prescription record", _prescription
    ),
    "DiagnosticReport": RecordKind(
        "DiagnosticReportRecord",
        _snomed("721981007", "Diagnostic studies report"),
        "Diagnostic Report-Lab",
        _diagnostic_report,
    ),
    "DischargeSummary": RecordKind(
        "DischargeSummaryRecord", _snomed("373942005", "Discharge summary"), "Discharge Summary", _discharge_summary
    ),
    "ImmunizationRecord": RecordKind(
        "ImmunizationRecord", _snomed("41000179103", "Immunization record"), "Immunization record", _immunization
    ),
    "HealthDocumentRecord": RecordKind(
        "HealthDocumentRecord", _snomed("419891008", "Record artifact"), "Health Document Record", _health_document
    ),
    "WellnessRecord": RecordKind("WellnessRecord", {"text": "Wellness Record"}, "Wellness Record", _wellness),
    "Invoice": RecordKind("InvoiceRecord", {"text": "Invoice Record"}, "Invoice Record", _invoice),
}
