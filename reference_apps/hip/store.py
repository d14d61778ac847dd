"""What the HIP holds: its patients and their care contexts (from patients.json), and in
memory the discoveries it answered, the links waiting for an OTP, the links made, the
consents granted, and the profiles shared at its counters with the tokens handed out."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TypeVar

# Care contexts are dated by the calendar day at the hospital, in India.
HOSPITAL_TIME = timezone(timedelta(hours=5, minutes=30), "IST")

Item = TypeVar("Item")


@dataclass(frozen=True)
class CareContext:
    reference: str
    display: str
    hi_type: str
    date: date  # of the visit, test or document


@dataclass(frozen=True)
class Patient:
    reference: str  # the HIP's patient id (MR number)
    name: str
    gender: str
    year_of_birth: int
    abha_address: str
    abha_number: str
    mobile: str
    care_contexts: tuple[CareContext, ...]


@dataclass(frozen=True)
class Discovery:
    """A discovery the HIP answered: whom it found under which ABHA address, and what it offered."""

    abha_address: str
    patient: Patient
    offered: frozenset[str]  # care-context references


@dataclass(frozen=True)
class DateRange:
    start: datetime  # the wire's "from"
    end: datetime  # the wire's "to"

    def covers(self, other: DateRange) -> bool:
        return self.start <= other.start <= other.end <= self.end

    def touches(self, day: date) -> bool:
        """Whether any moment of the range falls on that calendar day at the hospital."""
        return self.start.astimezone(HOSPITAL_TIME).date() <= day <= self.end.astimezone(HOSPITAL_TIME).date()


@dataclass(frozen=True)
class ConsentedCareContext:
    patient_reference: str
    care_context_reference: str


@dataclass(frozen=True)
class Consent:
    """A consent artefact the consent manager granted to this HIP."""

    consent_id: str
    abha_address: str  # the patient's
    care_contexts: tuple[ConsentedCareContext, ...]
    hi_types: frozenset[str]
    date_range: DateRange  # of the records the HIU may receive
    data_erase_at: datetime  # the consent expires then
    hiu_id: str | None

    def expired(self, now: datetime) -> bool:
        return now >= self.data_erase_at


@dataclass
class PendingLink:
    """A link request waiting for the patient's OTP."""

    abha_address: str
    patient: Patient
    care_contexts: tuple[CareContext, ...]
    otp: str
    expires_at: datetime
    attempts_left: int


@dataclass(frozen=True)
class SharedProfile:
    """A patient's profile as shared by scanning a counter's QR code: known to the HIP or not."""

    abha_address: str
    abha_number: str | None
    name: str
    gender: str
    year_of_birth: int
    mobile: str | None  # v3 only


@dataclass(frozen=True)
class SmsAcknowledgement:
    """The gateway's answer to a deep-link SMS notify."""

    answering: str  # the requestId of the notify it answers
    status: str  # v3 SUCCESS | ERRORED, v0.5 ACKNOWLEDGED | ERRORED
    error: object  # the error object, if the gateway sent one


@dataclass(frozen=True)
class QueueToken:
    """The token number a patient waits with at one counter."""

    number: str
    abha_address: str  # lower-cased
    expires_at: datetime


def load_patients(path: Path) -> tuple[Patient, ...]:
    with path.open(encoding="utf-8") as file:
        records = json.load(file)
    try:
        return tuple(
            Patient(
                reference=record["reference"],
                name=record["name"],
                gender=record["gender"],
                year_of_birth=record["yearOfBirth"],
                abha_address=record["abhaAddress"],
                abha_number=record["abhaNumber"],
                mobile=record["mobile"],
                care_contexts=tuple(
                    CareContext(
                        reference=c["reference"],
                        display=c["display"],
                        hi_type=c["hiType"],
                        date=date.fromisoformat(c["date"]),
                    )
                    for c in record["careContexts"]
                ),
            )
            for record in records
        )
    except KeyError as error:
        raise ValueError(f"{path}: a patient record lacks {error}") from None


@dataclass
class Store:
    patients: tuple[Patient, ...]
    discoveries: dict[str, Discovery] = field(default_factory=dict)  # by transactionId
    pending_links: dict[str, PendingLink] = field(default_factory=dict)  # by link reference number
    linked: dict[str, set[str]] = field(default_factory=dict)  # ABHA address → linked care-context references
    consents: dict[str, Consent] = field(default_factory=dict)  # granted, by consent id
    # Consent id → the status that ended it (REVOKED, EXPIRED...): the artefact is gone, but
    # a late request for it is told why rather than that it never existed.
    ended_consents: dict[str, str] = field(default_factory=dict)
    shared_profiles: dict[str, SharedProfile] = field(default_factory=dict)  # by lower-cased ABHA address
    tokens: dict[str, list[QueueToken]] = field(default_factory=dict)  # by counter, as handed out
    # The gateway's answers to deep-link SMS notifies, by the requestId of the notify answered.
    sms_acknowledgements: dict[str, SmsAcknowledgement] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._patients = {p.reference: p for p in self.patients}
        self._care_contexts = {c.reference: c for p in self.patients for c in p.care_contexts}
        # Link requests name care contexts by reference alone, so references must not repeat.
        if len(self._patients) != len(self.patients):
            raise ValueError("patient references must be unique")
        if len(self._care_contexts) != sum(len(p.care_contexts) for p in self.patients):
            raise ValueError("care-context references must be unique across patients")

    def patient_by_mobile(self, mobile: str) -> Patient | None:
        return next((p for p in self.patients if p.mobile == mobile), None)

    def patient(self, reference: str) -> Patient | None:
        return self._patients.get(reference)

    def care_context(self, reference: str) -> CareContext | None:
        return self._care_contexts.get(reference)

    def link(self, abha_address: str, care_contexts: tuple[CareContext, ...]) -> None:
        self.linked.setdefault(abha_address.lower(), set()).update(c.reference for c in care_contexts)

    def consented_record(
        self, abha_address: str, consented: ConsentedCareContext
    ) -> tuple[Patient, CareContext] | None:
        """The consented care context and its patient, if the care context is that patient's and the
        patient is the one behind the ABHA address: known under it, or having linked the care context to it."""
        patient = self.patient(consented.patient_reference)
        context = self.care_context(consented.care_context_reference)
        if patient is None or context not in patient.care_contexts:
            return None
        own_address = patient.abha_address.lower() == abha_address.lower()
        if own_address or context.reference in self.linked.get(abha_address.lower(), ()):
            return patient, context
        return None

    def grant(self, consent: Consent) -> None:
        self.consents[consent.consent_id] = consent
        self.ended_consents.pop(consent.consent_id, None)

    def end_consent(self, consent_id: str, status: str) -> None:
        self.consents.pop(consent_id, None)
        self.ended_consents[consent_id] = status

    def register(self, profile: SharedProfile) -> None:
        self.shared_profiles[profile.abha_address.lower()] = profile

    def token(self, counter: str, abha_address: str, now: datetime, validity: timedelta) -> QueueToken:
        """The patient's token at this counter: the one still valid if there is one, else the lowest
        number no valid token at the counter holds, valid from now."""
        address = abha_address.lower()
        valid = self.tokens[counter] = [t for t in self.tokens.get(counter, []) if now < t.expires_at]
        if held := next((t for t in valid if t.abha_address == address), None):
            return held
        taken = {t.number for t in valid}
        number = next(str(n) for n in itertools.count(1) if str(n) not in taken)
        token = QueueToken(number, address, now + validity)
        valid.append(token)
        return token

    def forget(self, abha_address: str) -> None:
        """Drop all the HIP holds under an ABHA address: its links, consents, pending links, discoveries
        and shared profile."""
        address = abha_address.lower()
        self.linked.pop(address, None)
        self.shared_profiles.pop(address, None)
        _drop(self.consents, lambda consent: consent.abha_address.lower() == address)
        _drop(self.pending_links, lambda link: link.abha_address.lower() == address)
        _drop(self.discoveries, lambda discovery: discovery.abha_address.lower() == address)


def _drop(held: dict[str, Item], unwanted: Callable[[Item], bool]) -> None:
    for key in [key for key, item in held.items() if unwanted(item)]:
        del held[key]
