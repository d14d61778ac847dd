"""Cost of the pure-Python Fidelius scheme per data-push entry.

The curve arithmetic is pure Python, so this shows whether encrypting or decrypting a
typical bundle stays cheap next to the network round trips of a data push.

Run: .venv/bin/python benchmarks/crypto_bench.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# The harness is used from a checkout, not installed; make the package importable from here.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import median_ms  # noqa: E402  (benchmarks/ is on sys.path when run as a script)

from abdm_conformance.crypto import decrypt, encrypt, generate_key_material  # noqa: E402

RUNS = 20
BUNDLE_BYTES = 50_000


def _bundle(size: int) -> str:
    """A document Bundle padded with Observations to about `size` UTF-8 bytes."""
    entries: list[dict[str, object]] = []
    bundle = {"resourceType": "Bundle", "type": "document", "entry": entries}
    while len(json.dumps(bundle).encode("utf-8")) < size:
        entries.append(
            {
                "fullUrl": f"urn:uuid:00000000-0000-0000-0000-{len(entries):012d}",
                "resource": {
                    "resourceType": "Observation",
                    "status": "final",
                    "code": {"text": "Blood pressure / रक्तचाप"},
                    "valueString": "120/80 mmHg, pulse 72, SpO2 98 %",
                },
            }
        )
    return json.dumps(bundle)


def main() -> None:
    plaintext = _bundle(BUNDLE_BYTES)
    hip, hiu = generate_key_material(), generate_key_material()
    content = encrypt(
        plaintext,
        sender_private_key=hip.private_key,
        sender_nonce=hip.nonce,
        requester_public_key=hiu.public_key,
        requester_nonce=hiu.nonce,
    )
    results = {
        "generate_key_material": median_ms(generate_key_material, RUNS),
        f"encrypt ({len(plaintext.encode('utf-8')) // 1000} KB)": median_ms(
            lambda: encrypt(
                plaintext,
                sender_private_key=hip.private_key,
                sender_nonce=hip.nonce,
                requester_public_key=hiu.public_key,
                requester_nonce=hiu.nonce,
            ),
            RUNS,
        ),
        f"decrypt ({len(plaintext.encode('utf-8')) // 1000} KB, X.509 sender key)": median_ms(
            lambda: decrypt(
                content,
                receiver_private_key=hiu.private_key,
                receiver_nonce=hiu.nonce,
                sender_public_key=hip.x509_public_key,
                sender_nonce=hip.nonce,
            ),
            RUNS,
        ),
    }
    print(f"Fidelius pure-Python timings, median of {RUNS} (Python {sys.version.split()[0]})")
    for name, ms in results.items():
        print(f"  {name:<45} {ms:7.2f} ms")


if __name__ == "__main__":
    main()
