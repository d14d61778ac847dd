"""Structural FHIR parse: element names, cardinality minimums and primitive formats.

`fhir.resources` (8.x, pydantic v2) ships R5 by default and keeps R4B, which is close to R4 for
the resources a health record carries. It does not check code bindings, invariants, profiles or
references (shared/reference/fidelius-and-fhir.md §B6): `rules.py` does.

Each entry's resource is parsed on its own, so one unknown `resourceType` (which fhir.resources
answers with a KeyError, not a validation error) costs only that entry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from fhir_core.fhirabstractmodel import FHIRAbstractModel
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from abdm_conformance.fhir.findings import FhirFinding, error, show
from abdm_conformance.fhir.references import BundleIndex

RULE = "structure"
_ELEMENT_NAME = re.compile(r"_?[A-Za-z][A-Za-z0-9]*")  # drops pydantic's own loc items ("root", validator tags)
_MISSING = {"missing", "model_field_validation.missing"}
_SCALARS = (str, int, float, bool)


def structure_findings(bundle: dict[str, Any], index: BundleIndex, reported: set[str]) -> list[FhirFinding]:
    """Parser findings, less "required element missing" at the `reported` paths a rule already named."""
    shell = dict(bundle)
    if isinstance(bundle.get("entry"), list):
        # Resources are parsed per entry below; a non-object `resource` stays for pydantic to report.
        shell["entry"] = [
            {key: value for key, value in raw.items() if not (key == "resource" and isinstance(value, dict))}
            if isinstance(raw, dict)
            else raw
            for raw in bundle["entry"]
        ]
    findings = _parse(Bundle, shell, "Bundle", reported)
    for entry in index.entries:
        if not entry.resource:
            continue  # no resource: rules.py reports bdl-5
        model, problem = _model_class(entry.resource.get("resourceType"))
        if model is None:
            findings.append(error(f"Bundle.entry[{entry.index}].resource.resourceType", RULE, problem))
            continue
        try:
            findings += _parse(model, entry.resource, entry.path, reported)
        except KeyError:
            findings.append(error(entry.path, RULE, "a contained resource has an unknown FHIR R4 resourceType"))
    return findings


def _model_class(resource_type: object) -> tuple[type[FHIRAbstractModel] | None, str]:
    if not isinstance(resource_type, str):
        return None, f"an entry resource needs a resourceType string; found {show(resource_type)}"
    try:
        model = get_fhir_model_class(resource_type)
    except ValueError:
        model = None
    if model is None or not model.has_resource_base():
        return None, f"expected a FHIR R4 resource type; found {show(resource_type)}"
    return model, ""


def _parse(model: type[FHIRAbstractModel], data: dict[str, Any], base: str, reported: set[str]) -> list[FhirFinding]:
    try:
        model.model_validate(data)
    except ValidationError as exc:
        return [
            error(path, RULE, _message(problem))
            for problem in exc.errors()
            if not ((path := _path(base, problem["loc"])) in reported and problem["type"] in _MISSING)
        ]
    return []


def _path(base: str, loc: Sequence[int | str]) -> str:
    path = base
    for item in loc:
        if isinstance(item, int):
            path += f"[{item}]"
        elif _ELEMENT_NAME.fullmatch(item) and item != "root":
            path += f".{item}"
    return path


def _message(problem: ErrorDetails) -> str:
    kind, found = problem["type"], problem.get("input")
    if kind == "extra_forbidden":
        return f"element {show(_last_name(problem['loc']))} is not defined in FHIR R4 at this place"
    if kind in _MISSING:
        return "required element is missing (FHIR R4 base cardinality 1..)"
    if kind == "json_invalid" and isinstance(found, str):
        return f"expected a JSON object; found {show(found)}"
    text = problem["msg"].removeprefix("Value error, ").rstrip(".")
    return f"{text}; found {show(found)}" if isinstance(found, _SCALARS) else text


def _last_name(loc: Sequence[int | str]) -> str:
    return next((item for item in reversed(loc) if isinstance(item, str)), "?")
