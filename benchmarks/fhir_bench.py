"""Cost of validating one health record against its NRCeS profile.

A data push carries one bundle per care context, so validation must stay far below the
network round trip: this prints the median time of `validate_record` for each sample bundle
in mocks/records/ and for an OP consultation padded to about 50 KB, and how much of the
latter is the fhir.resources structural parse.

Run: .venv/bin/python benchmarks/fhir_bench.py
"""

from __future__ import annotations

import copy
import json
import sys
import time
from pathlib import Path
from typing import Any

# The harness is used from a checkout, not installed; make the package importable from here.
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from timing import median_ms  # noqa: E402  (benchmarks/ is on sys.path when run as a script)

from abdm_conformance.fhir import parse_record, validate_record  # noqa: E402
from abdm_conformance.fhir.references import BundleIndex  # noqa: E402
from abdm_conformance.fhir.structure import structure_findings  # noqa: E402

BUNDLES = REPO / "mocks" / "records"
RUNS = 30
BUNDLE_BYTES = 50_000


def padded(bundle: dict[str, Any], size: int) -> dict[str, Any]:
    """`bundle` with vital-sign Observations added to its first section until about `size` bytes."""
    bundle = copy.deepcopy(bundle)
    patient = bundle["entry"][1]["fullUrl"]
    section = bundle["entry"][0]["resource"]["section"][0]
    while len(json.dumps(bundle).encode("utf-8")) < size:
        full_url = f"urn:uuid:00000000-0000-4000-8000-{len(bundle['entry']):012d}"
        bundle["entry"].append(
            {
                "fullUrl": full_url,
                "resource": {
                    "resourceType": "Observation",
                    "id": full_url.removeprefix("urn:uuid:"),
                    "status": "final",
                    "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4", "display": "Heart rate"}]},
                    "subject": {"reference": patient},
                    "effectiveDateTime": "2024-03-14T10:00:00+05:30",
                    "valueQuantity": {
                        "value": 72,
                        "unit": "beats/minute",
                        "system": "http://unitsofmeasure.org",
                        "code": "/min",
                    },
                },
            }
        )
        section["entry"].append({"reference": full_url})
    return bundle


def main() -> None:
    big = padded(json.loads((BUNDLES / "OPConsultation.json").read_text(encoding="utf-8")), BUNDLE_BYTES)
    start = time.perf_counter()
    validate_record(big, "OPConsultation")  # fhir.resources builds its validators lazily, on first use
    cold = (time.perf_counter() - start) * 1000

    print(f"validate_record, median of {RUNS} runs")
    for path in sorted(BUNDLES.glob("*.json")):
        bundle = parse_record(path.read_text(encoding="utf-8"))
        findings = validate_record(bundle, path.stem)
        ms = median_ms(lambda: validate_record(bundle, path.stem), RUNS)  # noqa: B023 (called before the loop moves on)
        print(f"  {path.stem:<22} {path.stat().st_size / 1000:5.1f} KB  {ms:6.2f} ms  ({len(findings)} findings)")

    text = json.dumps(big)
    total = median_ms(lambda: validate_record(big, "OPConsultation"), RUNS)
    parse = median_ms(lambda: parse_record(text), RUNS)
    structure = median_ms(lambda: structure_findings(big, BundleIndex(big), set()), RUNS)
    print(
        f"  {'OPConsultation padded':<22} {len(text) / 1000:5.1f} KB  {total:6.2f} ms  "
        f"({len(big['entry'])} entries; of which structural parse {structure:.2f} ms; "
        f"json text to object {parse:.2f} ms)"
    )
    print(f"  first call in the process (50 KB, cold validators): {cold:.1f} ms")


if __name__ == "__main__":
    main()
