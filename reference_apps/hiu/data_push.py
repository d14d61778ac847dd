"""Receiving a HIP's data push: the page read, and each entry decrypted with the keys of the
health-information request it answers, checked and read as a FHIR document.

The push comes straight from the HIP, not through the gateway. Its keyMaterial carries
the HIP's public key and nonce; with the HIU's own private key and nonce they give the
AES key (fidelius.py). An entry is kept only if its GCM tag holds (nothing was altered),
its checksum — base64 MD5 of the plaintext — matches, and it is a FHIR document Bundle;
otherwise it is reported ERRORED with the reason, and the others are unaffected.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag

from reference_apps.common import fidelius
from reference_apps.common.reading import BadRequest

FHIR_JSON = "application/fhir+json"
RECEIVED = "Received"  # the description of an entry that arrived intact
# The ABDM HI type each NRCeS profile's Composition.type stands for: its SNOMED CT code, or its text where the
# profile types the document by text alone. Neither the consent artefact nor the push says which record is which.
HI_TYPES_BY_COMPOSITION_TYPE = {
    "371530004": "OPConsultation",
    "440545006": "Prescription",
    "373942005": "DischargeSummary",
    "721981007": "DiagnosticReport",
    "41000179103": "ImmunizationRecord",
    "419891008": "HealthDocumentRecord",
    "Wellness Record": "WellnessRecord",
    "Invoice Record": "Invoice",
}


@dataclass(frozen=True)
class Page:
    transaction_id: str
    page_number: int
    page_count: int
    entries: tuple[dict[str, Any], ...]  # each names its care context; the rest is checked on opening
    crypto_alg: str
    curve: str
    sender_public_key: str  # base64: a raw point or X.509, fidelius reads both
    sender_nonce: str  # base64


@dataclass(frozen=True)
class Outcome:
    """What became of one entry."""

    care_context_reference: str
    problem: str | None  # why the entry is ERRORED; None if it arrived intact
    hi_type: str | None = None  # ABDM's name for it, from the Composition's type
    bundle: dict[str, Any] | None = None


def read_page(body: Any) -> Page:
    """The pushed page; BadRequest if it cannot be acted on at all."""
    if not isinstance(body, dict):
        raise BadRequest("the push must be a JSON object")
    page_number, page_count = body.get("pageNumber"), body.get("pageCount")
    if not _whole(page_number) or not _whole(page_count) or page_count < 1:
        raise BadRequest("pageNumber and pageCount must be whole numbers, pageCount at least 1")
    entries = body.get("entries")
    if not isinstance(entries, list) or not all(
        isinstance(entry, dict) and _text(entry.get("careContextReference")) for entry in entries
    ):
        raise BadRequest("entries must list objects, each with its careContextReference")
    key_material = body.get("keyMaterial")
    public_key = key_material.get("dhPublicKey") if isinstance(key_material, dict) else None
    if not isinstance(public_key, dict):
        raise BadRequest("keyMaterial.dhPublicKey is required")
    fields = (
        body.get("transactionId"),
        key_material.get("cryptoAlg"),
        key_material.get("curve"),
        public_key.get("keyValue"),
        key_material.get("nonce"),
    )
    if not all(_text(field) for field in fields):
        raise BadRequest("transactionId, keyMaterial.cryptoAlg, curve, dhPublicKey.keyValue and nonce are required")
    transaction_id, crypto_alg, curve, sender_public_key, sender_nonce = fields
    return Page(
        transaction_id, page_number, page_count, tuple(entries), crypto_alg, curve, sender_public_key, sender_nonce
    )


def open_page(page: Page, keys: fidelius.KeyPair, nonce: bytes, *, verify_tag: bool = True) -> list[Outcome]:
    """Every entry of the page decrypted with the HIU's keys for its transaction, or why not."""
    try:
        if page.crypto_alg != "ECDH" or page.curve.lower() != "curve25519":  # some send "curve25519"
            raise ValueError(f"{page.crypto_alg} on {page.curve} is not ECDH on Curve25519")
        sender_nonce = base64.b64decode(page.sender_nonce, validate=True)
    except ValueError as error:  # binascii.Error, bad base64, is a ValueError
        return [Outcome(e["careContextReference"], f"Unusable keyMaterial: {error}") for e in page.entries]
    return [_open(entry, page, keys, nonce, sender_nonce, verify_tag) for entry in page.entries]


def _open(
    entry: dict[str, Any], page: Page, keys: fidelius.KeyPair, nonce: bytes, sender_nonce: bytes, verify_tag: bool
) -> Outcome:
    reference = entry["careContextReference"]
    if entry.get("media") != FHIR_JSON:
        return Outcome(reference, f"media {entry.get('media')!r} is not {FHIR_JSON}")
    if not _text(entry.get("content")):
        return Outcome(reference, "The entry has no content (links to content are not fetched)")
    try:
        encrypted = base64.b64decode(entry["content"], validate=True)
        decrypt = fidelius.decrypt if verify_tag else _decrypt_unverified
        plaintext = decrypt(
            encrypted,
            requester_private_key=keys.private_key,
            requester_nonce=nonce,
            sender_public_key=page.sender_public_key,
            sender_nonce=sender_nonce,
        )
    except InvalidTag:
        return Outcome(reference, "Decryption failed: the GCM tag does not match (content altered or wrong keys)")
    except ValueError as error:  # bad base64, or a public key off the curve
        return Outcome(reference, f"Decryption failed: {error}")
    checksum = base64.b64encode(hashlib.md5(plaintext, usedforsecurity=False).digest()).decode("ascii")
    if entry.get("checksum") != checksum:
        return Outcome(reference, "The checksum is not the MD5 of the decrypted content")
    try:
        bundle, hi_type = _document(plaintext)
    except ValueError as error:
        return Outcome(reference, f"Not a FHIR document: {error}")
    return Outcome(reference, None, hi_type, bundle)


def _decrypt_unverified(
    encrypted: bytes, *, requester_private_key: int, requester_nonce: bytes, sender_public_key: str, sender_nonce: bytes
) -> bytes:
    """The ignores_gcm_tag defect's decryption: the tag is dropped unread.

    AES-GCM is counter mode plus a tag, so encrypting zeros under the same key and IV gives
    the keystream. ECDH's secret is the same whichever side computes it: fidelius.encrypt
    with the HIU's private key and the HIP's public key derives the HIP's key and IV.
    """
    ciphertext = encrypted[: -fidelius.GCM_TAG_BYTES]
    keystream = fidelius.encrypt(
        bytes(len(ciphertext)),
        sender_private_key=requester_private_key,
        sender_nonce=sender_nonce,
        requester_public_key=sender_public_key,
        requester_nonce=requester_nonce,
    )
    return bytes(c ^ k for c, k in zip(ciphertext, keystream, strict=False))  # the keystream also carries a tag


def _document(plaintext: bytes) -> tuple[dict[str, Any], str]:
    """The FHIR document Bundle and the HI type its Composition's type says it is: by the first coding's
    code, or the text where the profile types it by text alone (NRCeS's WellnessRecord); ValueError if it
    is no document of an ABDM HI type."""
    bundle = json.loads(plaintext)  # UnicodeDecodeError and JSONDecodeError are ValueErrors
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle" or bundle.get("type") != "document":
        raise ValueError("not a Bundle of type document")
    try:
        composition = bundle["entry"][0]["resource"]
        if composition["resourceType"] != "Composition":
            raise ValueError("the first entry of a document must be its Composition")
        kind = composition["type"]
        code = kind["coding"][0]["code"] if kind.get("coding") else kind["text"]
    except (KeyError, IndexError, TypeError, AttributeError) as error:
        raise ValueError(f"no Composition.type code or text ({error!r})") from None
    if code not in HI_TYPES_BY_COMPOSITION_TYPE:
        raise ValueError(f"Composition.type {code!r} is the type of no ABDM HI type's profile")
    return bundle, HI_TYPES_BY_COMPOSITION_TYPE[code]


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
