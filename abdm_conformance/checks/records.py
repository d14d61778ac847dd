"""Checks on consent handling and on health records shared under a consent (M2 records).

The harness plays the HIU: it decrypts every pushed entry with its own key material,
recomputes checksums and validates every bundle against the NRCeS profile of its HI type.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from abdm_conformance import fhir, protocol
from abdm_conformance.checks.exchanges import shorten
from abdm_conformance.checks.rules import (
    CONSENT_ACKNOWLEDGED,
    HI_ACKNOWLEDGED,
    HI_REFUSED,
    OPTED_OUT,
    PUSH_CHECKSUM,
    PUSH_COMPLETE,
    PUSH_CONSENTED,
    PUSH_DECRYPTS,
    PUSH_TRANSACTION,
    RECORD_PROFILE,
    TRANSFER_DEADLINE,
    TRANSFER_NOTIFIED,
    CheckFailed,
)
from abdm_conformance.crypto import FideliusError, checksum, decrypt
from abdm_conformance.exchange import Transfer

_SHOWN_FINDINGS = 3


@dataclass(frozen=True)
class Record:
    """One pushed entry, decrypted."""

    care_context: str
    plaintext: str
    claimed_checksum: str | None


def acknowledges_consent(callback_body: Any, consent_id: str) -> None:
    acknowledgement = protocol.get(callback_body, "acknowledgement") or protocol.get(callback_body, "acknowledgment")
    if not isinstance(acknowledgement, dict):
        error = protocol.error_in(callback_body)
        raise CheckFailed(CONSENT_ACKNOWLEDGED, f"no acknowledgement, error: {shorten(json.dumps(error))}")
    status, acknowledged = acknowledgement.get("status"), acknowledgement.get("consentId", consent_id)
    if status != "OK" or acknowledged != consent_id:
        raise CheckFailed(CONSENT_ACKNOWLEDGED, f"acknowledged {acknowledged!r} with {status!r}, not {consent_id!r} OK")


def acknowledges_status_notify(callback_body: Any) -> None:
    status = protocol.get(callback_body, "acknowledgment", "status")  # the v0.5 spec's spelling
    if status != "OK":
        error = protocol.error_in(callback_body)
        raise CheckFailed(OPTED_OUT, f"acknowledgment status is {status!r}, error: {shorten(json.dumps(error))}")


def acknowledges_hi_request(transfer: Transfer) -> None:
    body = transfer.request.callback.request_json if transfer.request.callback else None
    if error := protocol.error_in(body):
        raise CheckFailed(HI_ACKNOWLEDGED, f"the request was refused: {shorten(json.dumps(error))}")
    status = protocol.get(body, "hiRequest", "sessionStatus")
    answered = protocol.get(body, "hiRequest", "transactionId")
    if status != "ACKNOWLEDGED" or answered != transfer.transaction_id:
        raise CheckFailed(
            HI_ACKNOWLEDGED, f"hiRequest says {status!r} for {answered!r}, not ACKNOWLEDGED {transfer.transaction_id!r}"
        )


def refuses_hi_request(transfer: Transfer, why: str) -> None:
    body = transfer.request.callback.request_json if transfer.request.callback else None
    if transfer.pushes:
        entries = sum(len(protocol.get(p.request_json, "entries") or []) for p in transfer.pushes)
        raise CheckFailed(HI_REFUSED, f"the HIP pushed {entries} record(s) for {why}")
    if not protocol.error_in(body):
        status = protocol.get(body, "hiRequest", "sessionStatus")
        raise CheckFailed(HI_REFUSED, f"the HIP answered {why} with {status!r} and no error")


def pushed_within_deadline(transfer: Transfer) -> None:
    if not transfer.pushes:
        raise CheckFailed(TRANSFER_DEADLINE, f"nothing was pushed within {transfer.deadline_seconds:g} s")
    pages = sorted(str(protocol.get(p.request_json, "pageNumber")) for p in transfer.pushes)
    count = protocol.get(transfer.pushes[0].request_json, "pageCount")
    if len(pages) < (count if isinstance(count, int) else 1):
        raise CheckFailed(
            TRANSFER_DEADLINE, f"only pages {pages} of {count} came within {transfer.deadline_seconds:g} s"
        )


def decrypted_records(transfer: Transfer) -> list[Record]:
    """Every pushed entry, decrypted with the HIU's keys and the page's HIP key material."""
    records = []
    for push in transfer.pushes:
        body = push.request_json
        if protocol.get(body, "transactionId") != transfer.transaction_id:
            raise CheckFailed(
                PUSH_TRANSACTION,
                f"a page carries transactionId {protocol.get(body, 'transactionId')!r}, "
                f"not {transfer.transaction_id!r}",
            )
        sender_key = protocol.get(body, "keyMaterial", "dhPublicKey", "keyValue")
        sender_nonce = protocol.get(body, "keyMaterial", "nonce")
        for index, entry in enumerate(protocol.get(body, "entries") or []):
            reference = str(protocol.get(entry, "careContextReference"))
            try:
                plaintext = decrypt(
                    str(protocol.get(entry, "content")),
                    receiver_private_key=transfer.hiu_keys.private_key,
                    receiver_nonce=transfer.hiu_keys.nonce,
                    sender_public_key=str(sender_key),
                    sender_nonce=str(sender_nonce),
                )
            except FideliusError as error:
                raise CheckFailed(PUSH_DECRYPTS, f"entry {index} ({reference}) does not decrypt: {error}") from None
            claimed = protocol.get(entry, "checksum")
            records.append(Record(reference, plaintext, claimed if isinstance(claimed, str) else None))
    return records


def checksums_hold(records: list[Record]) -> None:
    for record in records:
        if record.claimed_checksum != checksum(record.plaintext):
            raise CheckFailed(
                PUSH_CHECKSUM,
                f"{record.care_context}: checksum {record.claimed_checksum!r} is not {checksum(record.plaintext)!r}",
            )


def only_consented(records: list[Record], consented: Mapping[str, str]) -> None:
    """`consented` maps each care context the consent covers to its HI type."""
    extra = sorted({r.care_context for r in records} - set(consented))
    if extra:
        raise CheckFailed(PUSH_CONSENTED, f"pushed care contexts the consent does not cover: {', '.join(extra)}")


def complete(records: list[Record], consented: Mapping[str, str]) -> None:
    missing = sorted(set(consented) - {r.care_context for r in records})
    if missing:
        raise CheckFailed(PUSH_COMPLETE, f"consented care contexts not pushed: {', '.join(missing)}")


def valid_documents(records: list[Record], hi_types: Mapping[str, str]) -> None:
    for record in records:
        hi_type = hi_types.get(record.care_context)
        if hi_type is None:
            continue  # only_consented names care contexts nobody asked for
        try:
            findings = fhir.validate_record(fhir.parse_record(record.plaintext), hi_type)
        except fhir.FhirError as error:
            raise CheckFailed(RECORD_PROFILE, f"{record.care_context} ({hi_type}): {error}") from None
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            shown = "; ".join(f"{f.path}: {f.message} [{f.rule}]" for f in errors[:_SHOWN_FINDINGS])
            more = f" (+{len(errors) - _SHOWN_FINDINGS} more)" if len(errors) > _SHOWN_FINDINGS else ""
            raise CheckFailed(RECORD_PROFILE, f"{record.care_context} ({hi_type}): {shown}{more}")


def notifies_transfer(transfer: Transfer, records: list[Record], consent_id: str) -> None:
    if transfer.notify is None:
        raise CheckFailed(TRANSFER_NOTIFIED, f"no health-information notify within {transfer.deadline_seconds:g} s")
    notification = protocol.get(transfer.notify.request_json, "notification")
    status = protocol.get(notification, "statusNotification", "sessionStatus")
    named = (protocol.get(notification, "consentId"), protocol.get(notification, "transactionId"))
    if status != "TRANSFERRED" or named != (consent_id, transfer.transaction_id):
        raise CheckFailed(
            TRANSFER_NOTIFIED,
            f"notify says {status!r} for consent {named[0]!r}, transaction {named[1]!r}; "
            f"expected TRANSFERRED for {consent_id!r}, {transfer.transaction_id!r}",
        )
    responses = protocol.get(notification, "statusNotification", "statusResponses") or []
    reported = {str(protocol.get(r, "careContextReference")): protocol.get(r, "hiStatus") for r in responses}
    sent = {r.care_context for r in records}
    wrong = sorted(c for c in sent if reported.get(c) not in ("DELIVERED", "OK"))
    if wrong or set(reported) - sent:
        raise CheckFailed(
            TRANSFER_NOTIFIED,
            f"statuses {reported} do not report exactly the records sent ({sorted(sent)}) as DELIVERED",
        )
