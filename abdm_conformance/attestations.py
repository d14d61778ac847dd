"""Operator attestations: the verdict for what only a screen can show.

Some test cases are judged by a person looking at an app (a facility listed in the PHR
app's search, a label on a form). The harness cannot see them, so such a case stays
`attest` (awaiting attestation) until the operator supplies a file naming the case, who
attests, when, what they saw and screenshots; it then counts as `attested`, with the
attestation embedded in the evidence.

    [[attestation]]
    case = "USER_INIT_LINK_602"
    attested_by = "A. Tester, Example Agency"
    date = "2026-11-23"
    notes = "Searched 'Reference Hospital' in the ABHA app: listed, and selectable."
    screenshots = ["screens/602-search.png"]     # relative to this file
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from abdm_conformance.config import ConfigError

KEYS = {"case", "attested_by", "date", "notes", "screenshots"}
SCREENSHOT_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


@dataclass(frozen=True)
class Attestation:
    case: str
    attested_by: str
    date: str
    notes: str
    screenshots: tuple[Path, ...]


def load_attestations(path: str | Path) -> dict[str, Attestation]:
    """Attestations by case id; a ConfigError naming the file and the entry for any mistake."""
    source = Path(path)
    try:
        document = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"attestation file {source} does not exist") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"attestation file {source} cannot be read: {error}") from None
    entries = document.get("attestation")
    if not isinstance(entries, list) or set(document) != {"attestation"}:
        raise ConfigError(f"attestation file {source} must hold only [[attestation]] tables")
    attestations = {}
    for index, entry in enumerate(entries):
        where = f"attestation file {source}: attestation[{index}]"
        if not isinstance(entry, dict) or set(entry) - KEYS or not {"case", "attested_by", "date"} <= set(entry):
            raise ConfigError(f"{where} needs case, attested_by and date (and may have notes, screenshots) only")
        screenshots = tuple(source.parent / name for name in entry.get("screenshots", []))
        for screenshot in screenshots:
            if screenshot.suffix.lower() not in SCREENSHOT_TYPES or not screenshot.is_file():
                raise ConfigError(f"{where}: screenshot {screenshot} is not a PNG or JPEG file")
        attestation = Attestation(
            case=str(entry["case"]),
            attested_by=str(entry["attested_by"]),
            date=str(entry["date"]),
            notes=str(entry.get("notes", "")),
            screenshots=screenshots,
        )
        if not attestation.notes and not attestation.screenshots:
            raise ConfigError(f"{where} needs notes or screenshots: what did the operator see?")
        attestations[attestation.case] = attestation
    return attestations
