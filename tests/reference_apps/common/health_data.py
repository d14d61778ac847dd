"""Health data as the other parties send it: the consent artefact the consent manager signs, and
the Fidelius keys one side of a transfer offers the other."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta, timezone

from reference_apps.common import fidelius
from tests.reference_apps.common.gateway import utc

YEAR_2024 = ("2024-01-01T00:00:00.000Z", "2024-12-31T23:59:59.999Z")


def consent_detail(
    consent_id: str,
    *,
    abha_address: str,
    care_contexts: tuple[tuple[str, str], ...],  # (patientReference, careContextReference)
    hi_types: tuple[str, ...],
    hip_id: str,
    hiu_id: str,
    date_range: tuple[str, str] = YEAR_2024,
    erase_at: datetime | None = None,
    erase_at_in_detail: bool = False,
) -> dict:
    """A GRANTED artefact's consentDetail. Its dataEraseAt (a month away unless given) is in the
    permission, as v0.5 and most v3 sources put it, or in the detail itself, as other v3 sources do."""
    erase_at = erase_at or datetime.now(timezone.utc) + timedelta(days=30)
    permission = {
        "accessMode": "VIEW",
        "dateRange": {"from": date_range[0], "to": date_range[1]},
        "frequency": {"unit": "HOUR", "value": 1, "repeats": 0},
    }
    detail = {
        "schemaVersion": "v3",
        "consentId": consent_id,
        "createdAt": utc(),
        "patient": {"id": abha_address},
        "careContexts": [{"patientReference": p, "careContextReference": c} for p, c in care_contexts],
        "purpose": {"text": "Care Management", "code": "CAREMGT"},
        "hip": {"id": hip_id, "name": "Test Hospital"},
        "hiu": {"id": hiu_id, "name": "Test HIU"},
        "requester": {"name": "Dr. Asha Rao", "identifier": {"type": "REGNO", "value": "MH-REF-1001"}},
        "consentManager": {"id": "sbx"},
        "hiTypes": list(hi_types),
        "permission": permission,
    }
    (detail if erase_at_in_detail else permission)["dataEraseAt"] = utc(erase_at)
    return detail


class FideliusKeys:
    """One side's key pair and nonce for a transfer; its public key offered as a raw point or, with
    x509, as an X.509 SubjectPublicKeyInfo (Fidelius reads both)."""

    def __init__(self, x509: bool = False):
        self.keys, self.nonce = fidelius.generate_key_pair(), fidelius.generate_nonce()
        raw = base64.b64decode(self.keys.public_key)
        self.key_value = base64.b64encode(fidelius.X509_PREFIX + raw).decode() if x509 else self.keys.public_key

    def key_material(self, expiry: str) -> dict:
        """The keyMaterial of a health-information request or a data push."""
        return {
            "cryptoAlg": "ECDH",
            "curve": "Curve25519",
            "dhPublicKey": {"expiry": expiry, "parameters": "Curve25519/32byte random key", "keyValue": self.key_value},
            "nonce": base64.b64encode(self.nonce).decode(),
        }
