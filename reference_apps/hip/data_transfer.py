"""Sending records to an HIU: each FHIR bundle encrypted for it, pushed in pages to its dataPushUrl.

The push goes straight to the HIU, not through the gateway, so it carries no gateway
session. Each transfer has a fresh HIP key pair and nonce, sent in every page; with them
and its own, the HIU derives the AES key (fidelius.py). A page the HIU refuses, or that
never reaches it, leaves its records undelivered.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from reference_apps.common import fidelius
from reference_apps.common.defects import Defects
from reference_apps.common.http_clients import http_client
from reference_apps.common.problems import MALFORMED_REQUEST, Problem
from reference_apps.hip.problems import Declined
from reference_apps.hip.records import build_record
from reference_apps.hip.sharing import Record
from reference_apps.hip.store import CareContext, Patient
from reference_apps.hip.versions import Delivery, HealthInformationRequest, KeyMaterial

logger = logging.getLogger("reference_apps.hip")

MAX_ENTRIES_PER_PAGE = 7  # as NHA's ABDM wrapper pages
FHIR_JSON = "application/fhir+json"


@dataclass(frozen=True)
class HiuKey:
    public_key: str  # as received: Fidelius's encrypt reads either key format
    nonce: bytes
    expiry: str


def hiu_key(key_material: KeyMaterial) -> HiuKey:
    """The HIU's key material, checked before the request is acknowledged; Declined if unusable."""
    try:
        if key_material.crypto_alg != "ECDH" or key_material.curve.lower() != "curve25519":  # some send "curve25519"
            raise ValueError(f"{key_material.crypto_alg} on {key_material.curve} is not ECDH on Curve25519")
        fidelius.decode_public_key(key_material.public_key)
        nonce = base64.b64decode(key_material.nonce, validate=True)
        if not nonce:
            raise ValueError("the nonce is empty")
    except ValueError as error:
        raise Declined(Problem(MALFORMED_REQUEST, f"Unusable keyMaterial: {error}")) from None
    return HiuKey(key_material.public_key, nonce, key_material.expiry)


async def push_records(
    request: HealthInformationRequest, hiu: HiuKey, records: Sequence[Record], defects: Defects, timeout: float
) -> list[Delivery]:
    """Push the records to the request's dataPushUrl; what became of each."""
    hip_keys, hip_nonce = fidelius.generate_key_pair(), fidelius.generate_nonce()
    entries = [_entry(patient, context, hip_keys, hip_nonce, hiu, defects) for patient, context in records]
    # With nothing to share, one empty page still tells the HIU so.
    pages = [entries[i : i + MAX_ENTRIES_PER_PAGE] for i in range(0, len(entries), MAX_ENTRIES_PER_PAGE)] or [[]]
    transaction_id = str(uuid.uuid4()) if defects.enabled("wrong_transaction_in_push") else request.transaction_id
    key_material = {
        "cryptoAlg": "ECDH",
        "curve": "Curve25519",
        "dhPublicKey": {
            "expiry": hiu.expiry,
            "parameters": "Curve25519/32byte random key",
            "keyValue": hip_keys.public_key,
        },
        "nonce": _base64(hip_nonce),
    }
    if defects.enabled("push_omits_key_expiry"):
        del key_material["dhPublicKey"]["expiry"]
    deliveries: list[Delivery] = []
    async with http_client(timeout) as http:
        for number, page in enumerate(pages):
            body = {
                "pageNumber": number,
                "pageCount": len(pages),
                "transactionId": transaction_id,
                "entries": page,
                "keyMaterial": key_material,
            }
            failure = await _push(http, request.data_push_url, body)
            deliveries += [Delivery(e["careContextReference"], failure is None, failure or "Delivered") for e in page]
    return deliveries


async def _push(http: httpx.AsyncClient, url: str, body: dict[str, Any]) -> str | None:
    """Why the page did not reach the HIU, or None."""
    try:
        response = await http.post(url, content=json.dumps(body), headers={"Content-Type": "application/json"})
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        failure = f"The push to the HIU failed: {error!r}"
    else:
        if response.is_success:
            return None
        failure = f"The HIU answered the push with HTTP {response.status_code}"
    logger.warning("page %s of transaction %s: %s", body["pageNumber"], body["transactionId"], failure)
    return failure


def _entry(
    patient: Patient,
    context: CareContext,
    hip_keys: fidelius.KeyPair,
    hip_nonce: bytes,
    hiu: HiuKey,
    defects: Defects,
) -> dict[str, str]:
    bundle = build_record(patient, context)
    if defects.enabled("composition_not_first"):
        bundle["entry"][:2] = reversed(bundle["entry"][:2])  # the Patient first, the Composition second
    plaintext = json.dumps(bundle, ensure_ascii=False).encode("utf-8")
    encrypted = fidelius.encrypt(
        plaintext,
        sender_private_key=hip_keys.private_key,
        sender_nonce=hip_nonce,
        requester_public_key=hiu.public_key,
        requester_nonce=hiu.nonce,
    )
    if defects.enabled("strips_gcm_tag"):
        encrypted = encrypted[: -fidelius.GCM_TAG_BYTES]
    checksummed = encrypted if defects.enabled("wrong_checksum") else plaintext
    return {
        "content": _base64(encrypted),
        "media": FHIR_JSON,
        "checksum": _base64(hashlib.md5(checksummed, usedforsecurity=False).digest()),  # integrity, not secrecy
        "careContextReference": context.reference,
    }


def _base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
