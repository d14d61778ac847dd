"""What the HIP holds: its patients and their care contexts (from patients.json), and in
memory the discoveries it answered, the links waiting for an OTP and the links made."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class CareContext:
    reference: str
    display: str
    hi_type: str


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


@dataclass
class PendingLink:
    """A link request waiting for the patient's OTP."""

    abha_address: str
    patient: Patient
    care_contexts: tuple[CareContext, ...]
    otp: str
    expires_at: datetime
    attempts_left: int


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
                    CareContext(reference=c["reference"], display=c["display"], hi_type=c["hiType"])
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

    def __post_init__(self) -> None:
        self._patients = {p.reference: p for p in self.patients}
        self._care_contexts = {c.reference: c for p in self.patients for c in p.care_contexts}
        # Link requests name care contexts by reference alone, so references must not repeat.
        if len(self._patients) != len(self.patients):
            raise ValueError("patient references must be unique")
        if len(self._care_contexts) != sum(len(p.care_contexts) for p in self.patients):
            raise ValueError("care-context references must be unique across patients")

    def patient(self, reference: str) -> Patient | None:
        return self._patients.get(reference)

    def care_context(self, reference: str) -> CareContext | None:
        return self._care_contexts.get(reference)

    def link(self, abha_address: str, care_contexts: tuple[CareContext, ...]) -> None:
        self.linked.setdefault(abha_address.lower(), set()).update(c.reference for c in care_contexts)
