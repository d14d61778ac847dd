"""The NRCeS FHIR IG (ndhm.in, 2.0 to 6.5.0) as data: one document profile per ABDM hiType.

Source: shared/reference/fidelius-and-fhir.md Part B (IG pages, and NHA's ABDM-wrapper mapper
constants `ResourceProfileIdentifier`, `BundleCompositionIdentifier`, `MakeOpComposition`,
`MakeDischargeComposition`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

PROFILE_BASE = "https://nrces.in/ndhm/fhir/r4/StructureDefinition/"
DOCUMENT_BUNDLE = PROFILE_BASE + "DocumentBundle"
SNOMED = "http://snomed.info/sct"

# Composition.status binding (required strength): FHIR R4 composition-status.
COMPOSITION_STATUSES = ("preliminary", "final", "amended", "entered-in-error")

# Resource types a Composition reference may point at (FHIR R4 Composition element definitions).
REFERENCE_TARGETS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "subject": ("Patient",),  # the NRCeS profiles narrow R4's Reference(Any) to Patient
        "encounter": ("Encounter",),
        "author": ("Practitioner", "PractitionerRole", "Device", "Patient", "RelatedPerson", "Organization"),
        "custodian": ("Organization",),
    }
)


@dataclass(frozen=True)
class FixedCoding:
    system: str
    code: str
    display: str


@dataclass(frozen=True)
class RecordProfile:
    """What the Composition of one record type must look like.

    Exactly one of `type_coding` and `type_text` is set: six profiles fix a SNOMED coding, the
    WellnessRecord and InvoiceRecord profiles fix only `type.text`.
    """

    name: str  # StructureDefinition id; also the prefix of this profile's rule ids
    type_coding: FixedCoding | None = None
    type_text: str | None = None
    # Section slices: by SNOMED code (OP consult, discharge) or by title (wellness); empty = not sliced.
    section_codes: Mapping[str, str] = field(default_factory=dict)  # code -> slice name
    section_titles: frozenset[str] = frozenset()
    # A 6.5.0 digest makes Composition.encounter 1..1 for OPConsultRecord; unverified, so a warning.
    encounter_expected: bool = False

    @property
    def url(self) -> str:
        return PROFILE_BASE + self.name


def _snomed(code: str, display: str) -> FixedCoding:
    return FixedCoding(SNOMED, code, display)


_OP_SECTIONS = {
    "422843007": "ChiefComplaints",
    "425044008": "PhysicalExamination",
    "722446000": "Allergies",
    "371529009": "MedicalHistory",
    "422432008": "FamilyHistory",
    "721963009": "InvestigationAdvice",
    "721912009": "Medications",
    "390906007": "FollowUp",
    "371525003": "Procedure",
    "306206005": "Referral",
    "404684003": "OtherObservations",
    "371530004": "DocumentReference",
}

_DISCHARGE_SECTIONS = {
    **_OP_SECTIONS,
    "1003642006": "PastMedicalHistory",
    "734163000": "CarePlan",
    "1003606003": "MedicationHistory",
    "1003640003": "PastProcedure",
    "721981007": "DiagnosticStudies",
}

_WELLNESS_TITLES = frozenset(
    {
        "Vital Signs",
        "Body Measurement",
        "Physical Activity",
        "General Assessment",
        "Women Health",
        "Lifestyle",
        "Other Observations",
        "Document Reference",
    }
)

# ABDM hiType -> the profile its Composition must claim.
HI_TYPES: dict[str, RecordProfile] = {
    "OPConsultation": RecordProfile(
        "OPConsultRecord",
        type_coding=_snomed("371530004", "Clinical consultation report"),
        section_codes=MappingProxyType(_OP_SECTIONS),
        encounter_expected=True,
    ),
    "Prescription": RecordProfile("PrescriptionRecord", type_coding=_snomed("440545006", "Prescription record")),
    "DiagnosticReport": RecordProfile(
        "DiagnosticReportRecord", type_coding=_snomed("721981007", "Diagnostic studies report")
    ),
    "DischargeSummary": RecordProfile(
        "DischargeSummaryRecord",
        type_coding=_snomed("373942005", "Discharge summary"),
        section_codes=MappingProxyType(_DISCHARGE_SECTIONS),
    ),
    "ImmunizationRecord": RecordProfile(
        "ImmunizationRecord", type_coding=_snomed("41000179103", "Immunization record")
    ),
    "HealthDocumentRecord": RecordProfile("HealthDocumentRecord", type_coding=_snomed("419891008", "Record artifact")),
    "WellnessRecord": RecordProfile("WellnessRecord", type_text="Wellness Record", section_titles=_WELLNESS_TITLES),
    "Invoice": RecordProfile("InvoiceRecord", type_text="Invoice Record"),
}


PROFILE_NAMES_BY_URL: Mapping[str, str] = MappingProxyType({profile.url: profile.name for profile in HI_TYPES.values()})
