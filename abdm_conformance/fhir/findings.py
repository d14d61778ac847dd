"""What a FHIR check reports, and the one exception the package raises."""

from __future__ import annotations

import json
from dataclasses import dataclass

MAX_MESSAGE = 200
SEVERITIES = ("error", "warning")


class FhirError(ValueError):
    """The input cannot be validated at all (not JSON, not an object, unknown hiType)."""


@dataclass(frozen=True)
class FhirFinding:
    path: str  # FHIRPath-like, e.g. "Bundle.entry[0].resource(Composition).type.coding[0].code"
    rule: str  # short rule id, e.g. "bdl-11", "OPConsultRecord.type", "ref-resolve"
    message: str  # one sentence naming what was expected and what was found
    severity: str  # "error" | "warning"

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")
        if len(self.message) > MAX_MESSAGE:
            raise ValueError(f"finding message longer than {MAX_MESSAGE} characters")


def clip(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text` cut to `limit` characters, marked with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show(value: object, limit: int = 48) -> str:
    """A short JSON rendering of a found value: messages must never echo a whole resource."""
    if value is None:
        return "none"
    return clip(json.dumps(value, ensure_ascii=False, separators=(",", ":")), limit)


def error(path: str, rule: str, message: str) -> FhirFinding:
    return FhirFinding(path, rule, clip(message), "error")


def warning(path: str, rule: str, message: str) -> FhirFinding:
    return FhirFinding(path, rule, clip(message), "warning")


def errors_first(findings: list[FhirFinding]) -> list[FhirFinding]:
    """Errors before warnings, each group in the order the checks found them (sort is stable)."""
    return sorted(findings, key=lambda finding: finding.severity != "error")
