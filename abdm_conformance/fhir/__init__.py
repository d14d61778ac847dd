"""FHIR validation of ABDM health records against the NRCeS document profiles (knows nothing of pytest).

    findings = validate_record(parse_record(text), "OPConsultation")

`external.run_external_validator` hands a bundle to an operator-supplied full validator (e.g. the
HL7 validator_cli.jar with the ndhm.in package) and maps its OperationOutcome to the same findings.
"""

from abdm_conformance.fhir.external import run_external_validator
from abdm_conformance.fhir.findings import FhirError, FhirFinding
from abdm_conformance.fhir.profiles import HI_TYPES, FixedCoding, RecordProfile
from abdm_conformance.fhir.validator import parse_record, validate_record

__all__ = [
    "HI_TYPES",
    "FhirError",
    "FhirFinding",
    "FixedCoding",
    "RecordProfile",
    "parse_record",
    "run_external_validator",
    "validate_record",
]
