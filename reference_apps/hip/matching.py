"""Finding the patient a discovery request describes.

The rule (ABDM sandbox docs, "Discovery & link"; HIP 0.5 spec for /care-contexts/discover):
a verified identifier must point at the record, trying the strongest first — ABHA address,
ABHA number, mobile, then the HIP's own medical-record number — and the record must agree
on gender, on year of birth within two years, and on the name. Two records fitting
equally well are not a match: guessing could show one patient another's records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reference_apps.hip.store import Patient

ABHA_ADDRESS = "ABHA_ADDRESS"
ABHA_NUMBER = "ABHA_NUMBER"
MOBILE = "MOBILE"
MR = "MR"
IDENTIFIERS_STRONGEST_FIRST = (ABHA_ADDRESS, ABHA_NUMBER, MOBILE, MR)
YEAR_OF_BIRTH_TOLERANCE = 2


@dataclass(frozen=True)
class DiscoveryQuery:
    transaction_id: str
    abha_address: str  # the patient's id at the consent manager
    verified: dict[str, set[str]]  # identifier kind → values the consent manager verified
    name: str
    gender: str
    year_of_birth: int


@dataclass(frozen=True)
class Match:
    patient: Patient
    matched_by: tuple[str, ...]  # identifier kinds, strongest first


def find_patient(patients: tuple[Patient, ...], query: DiscoveryQuery) -> Match | None:
    for kind in IDENTIFIERS_STRONGEST_FIRST:
        fitting = [p for p in patients if _identified_by(p, kind, query) and _same_person(p, query)]
        if len(fitting) == 1:
            patient = fitting[0]
            return Match(patient, tuple(k for k in IDENTIFIERS_STRONGEST_FIRST if _identified_by(patient, k, query)))
        if fitting:
            return None
    return None


def _identified_by(patient: Patient, kind: str, query: DiscoveryQuery) -> bool:
    own = {
        ABHA_ADDRESS: patient.abha_address,
        ABHA_NUMBER: patient.abha_number,
        MOBILE: patient.mobile,
        MR: patient.reference,
    }
    claimed = {_normalised(kind, value) for value in query.verified.get(kind, ())}
    return _normalised(kind, own[kind]) in claimed


def _normalised(kind: str, value: str) -> str:
    if kind == ABHA_NUMBER:
        return re.sub(r"\D", "", value)  # 91-1111-2222-3333 and 91111122223333 are the same number
    if kind == MOBILE:
        return re.sub(r"\D", "", value)[-10:]  # +91-98765-43210 is 9876543210
    return value.strip().lower()


def _same_person(patient: Patient, query: DiscoveryQuery) -> bool:
    return (
        patient.gender == query.gender
        and abs(patient.year_of_birth - query.year_of_birth) <= YEAR_OF_BIRTH_TOLERANCE
        and _plain_name(patient.name) == _plain_name(query.name)
    )


def _plain_name(name: str) -> str:
    return " ".join(name.lower().split())
