"""Entry points: JSON text to a parsed record, and a parsed record to findings."""

from __future__ import annotations

import json

from abdm_conformance.fhir.findings import FhirError, FhirFinding, error, errors_first, show
from abdm_conformance.fhir.profiles import HI_TYPES
from abdm_conformance.fhir.rules import Record, check_record
from abdm_conformance.fhir.structure import structure_findings


def parse_record(text: str) -> object:
    """The parsed JSON object of a health record; FhirError if it is not JSON or not an object."""
    try:
        parsed = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise FhirError(f"health record is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except TypeError as exc:
        raise FhirError(f"health record must be JSON text; got {type(text).__name__}") from exc
    except RecursionError as exc:
        raise FhirError("health record is nested too deeply to parse") from exc
    if not isinstance(parsed, dict):
        raise FhirError(f"health record must be a JSON object (a FHIR Bundle); found a JSON {_json_kind(parsed)}")
    return parsed


def validate_record(bundle: object, hi_type: str) -> list[FhirFinding]:
    """Findings for `bundle` (parsed JSON) as a document of `hi_type`, errors first.

    Raises FhirError only for an unknown hiType: whatever the bundle holds is reported, not raised.
    """
    if hi_type not in HI_TYPES:
        raise FhirError(f"unknown hiType {hi_type!r}; known: {', '.join(HI_TYPES)}")
    if not isinstance(bundle, dict):
        return [
            error("Bundle", "Bundle.resourceType", f"expected a Bundle JSON object; found a JSON {_json_kind(bundle)}")
        ]
    if bundle.get("resourceType") != "Bundle":
        found = show(bundle.get("resourceType"))
        return [error("Bundle.resourceType", "Bundle.resourceType", f"expected resourceType 'Bundle'; found {found}")]
    record = Record.of(bundle, hi_type)
    checked = check_record(record)
    # A rule's "missing author" says more than the parser's "required element missing" there.
    structural = structure_findings(bundle, record.index, reported={finding.path for finding in checked})
    return errors_first(checked + structural)


def _reject_constant(name: str) -> object:
    # Python's json accepts NaN and Infinity; JSON (and so FHIR) does not.
    raise FhirError(f"health record is not JSON: {name} is not a JSON value")


def _json_kind(value: object) -> str:
    kinds = {list: "array", str: "string", bool: "boolean", int: "number", float: "number", type(None): "null"}
    return kinds.get(type(value), type(value).__name__)
