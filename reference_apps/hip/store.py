"""What the HIP holds: its patients and their care contexts (from patients.json), and in
memory the discoveries it answered, the links waiting for an OTP, the links made, the
HIP-initiated links under way with the link tokens they earned, the consents granted,
and the profiles shared at its counters with the tokens handed out."""

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
class Demographics:
    """What a patient tells the desk about themselves."""

    name: str
    gender: str
    year_of_birth: int


@dataclass(frozen=True)
class LinkOrder:
    """The desk's request to link some of a patient's care contexts to an ABHA address (HIP-initiated linking)."""

    abha_address: str
    abha_number: str | None  # 14 digits, no hyphens
    method: str  # MOBILE_OTP | AADHAAR_OTP | DIRECT | DEMOGRAPHICS
    patient: Patient
    care_contexts: tuple[CareContext, ...]
    demographics: Demographics | None


@dataclass(frozen=True)
class HipLinking:
    """A HIP-initiated link under way: the order, and what authenticating the patient has yielded so far."""

    order: LinkOrder
    transaction_id: str | None = None  # v0.5: the users/auth transaction, once on-init names it
    credential: str | None = None  # what the link goes with: a v0.5 access token or a v3 link token
    renewed: bool = False  # v3: a new link token was already fetched after the gateway refused one


@dataclass(frozen=True)
class LinkToken:
    """A v3 link token: it links any of the HIP's care contexts to its ABHA address until it expires."""

    token: str
    expires_at: datetime


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
    # HIP-initiated links waiting for the gateway's answer, by the request id of the call it answers,
    # with the call; for the patient's OTP, by lower-cased ABHA address; for the patient's approval
    # (DIRECT), by users/auth transactionId.
    awaiting_answer: dict[str, tuple[str, HipLinking]] = field(default_factory=dict)
    awaiting_otp: dict[str, HipLinking] = field(default_factory=dict)
    awaiting_approval: dict[str, HipLinking] = field(default_factory=dict)
    link_tokens: dict[str, LinkToken] = field(default_factory=dict)  # v3, by lower-cased ABHA address
    # v0.5 access tokens of links made, by lower-cased ABHA address: kept only by the
    # reuses_access_token defect, since a v0.5 access token is single-use.
    kept_access_tokens: dict[str, str] = field(default_factory=dict)

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

    def answered(self, request_id: str, call: str) -> HipLinking | None:
        """The HIP-initiated link whose `call` went with this request id, no longer waiting; None if no
        link waits for that answer."""
        waiting = self.awaiting_answer.get(request_id)
        if waiting is None or waiting[0] != call:
            return None
        del self.awaiting_answer[request_id]
        return waiting[1]

    def link_token(self, abha_address: str, now: datetime) -> str | None:
        """The v3 link token held for this ABHA address, unless it has expired."""
        held = self.link_tokens.get(abha_address.lower())
        return held.token if held is not None and now < held.expires_at else None

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
        """Drop all the HIP holds under an ABHA address: its links, consents, pending links, discoveries,
        shared profile, and HIP-initiated links under way with their tokens."""
        address = abha_address.lower()
        self.linked.pop(address, None)
        self.shared_profiles.pop(address, None)
        self.awaiting_otp.pop(address, None)
        self.link_tokens.pop(address, None)
        self.kept_access_tokens.pop(address, None)
        _drop(self.awaiting_answer, lambda waiting: waiting[1].order.abha_address.lower() == address)
        _drop(self.awaiting_approval, lambda linking: linking.order.abha_address.lower() == address)
        _drop(self.consents, lambda consent: consent.abha_address.lower() == address)
        _drop(self.pending_links, lambda link: link.abha_address.lower() == address)
        _drop(self.discoveries, lambda discovery: discovery.abha_address.lower() == address)


def _drop(held: dict[str, Item], unwanted: Callable[[Item], bool]) -> None:
    for key in [key for key, item in held.items() if unwanted(item)]:
        del held[key]
