"""The hospital's patient register, keyed by ABHA number.

TAGGING_UNIQUEPATIENTID_UNIQUEABHANUMBER: one ABHA number is one patient. A returning
patient whose ABHA number is already registered keeps their patient id; what ABHA now says
about them replaces what the register held, and what it does not say (no address, no card
this visit) is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import Any

from reference_apps.common.defects import Defects
from reference_apps.registration_desk.calls import ServiceError, field
from reference_apps.registration_desk.validation import abha_number


@dataclass(frozen=True)
class Details:
    """A patient as ABHA describes them."""

    abha_number: str  # 91-XXXX-XXXX-XXXX
    abha_address: str | None
    name: str
    gender: str | None
    year_of_birth: int | None
    mobile: str | None
    card_size: int = 0  # bytes of the ABHA card downloaded in this visit; 0 when none was

    @classmethod
    def from_profile(cls, profile: dict[str, Any], **known: Any) -> Details:
        """The details in an ABHA profile (the enrolment's ABHAProfile or the account's), with what the
        desk knows better: the address just created, the mobile just verified, the card."""
        number = abha_number(str(field(profile, "ABHANumber")))
        if number is None:
            raise ServiceError(200, profile)
        names = (profile.get(key) for key in ("firstName", "middleName", "lastName"))
        details = cls(
            abha_number=number,
            abha_address=profile.get("preferredAbhaAddress"),
            name=profile.get("name") or " ".join(name for name in names if name),
            gender=profile.get("gender"),
            year_of_birth=_year_of_birth(profile),
            mobile=profile.get("mobile"),
        )
        return replace(details, **known)

    @classmethod
    def from_phr_profile(cls, profile: dict[str, Any]) -> Details:
        """The details in the PHR profile an ABHA address's login reads, which names the ABHA number
        abhaNumber, the full name fullName and the address logged in with abhaAddress."""
        renamed = {"ABHANumber": field(profile, "abhaNumber"), "name": profile.get("fullName")}
        return cls.from_profile({**profile, **renamed}, abha_address=profile.get("abhaAddress"))

    @classmethod
    def from_enrolment_profile(cls, profile: dict[str, Any], mobile: str) -> Details:
        """The details of an enrolment by document, which names the ABHA number enrolmentNumber and lists the
        ABHA addresses as phrAddress; the account stays PROVISIONAL until ABHA's staff verify the document."""
        addresses = profile.get("phrAddress") or [None]
        renamed = {"ABHANumber": field(profile, "enrolmentNumber"), "preferredAbhaAddress": addresses[0]}
        return cls.from_profile({**profile, **renamed}, mobile=mobile)


@dataclass(frozen=True)
class Patient:
    patient_id: str
    details: Details


def _year_of_birth(profile: dict[str, Any]) -> int | None:
    """The account's yearOfBirth, or the year in the enrolment's dob (which ABHA writes DD-MM-YYYY)."""
    for value in (profile.get("yearOfBirth"), profile.get("dob")):
        if found := re.search(r"\b(\d{4})\b", str(value or ""), re.ASCII):
            return int(found.group(1))
    return None


class Register:
    def __init__(self, defects: Defects):
        self._defects = defects
        self.entries: list[Patient] = []  # in order of registration

    def register(self, details: Details) -> None:
        """File the patient under a new patient id, or under theirs when the ABHA number is known."""
        if self._defects.enabled("stores_wrong_abha_number"):
            last = int(details.abha_number[-1])
            details = replace(details, abha_number=details.abha_number[:-1] + str((last + 1) % 10))
        known = next((i for i, p in enumerate(self.entries) if p.details.abha_number == details.abha_number), None)
        if known is None or self._defects.enabled("duplicate_patient_ids"):
            self.entries.append(Patient(f"PID-{len(self.entries) + 1:04d}", details))
            return
        earlier = self.entries[known]
        said = {f.name: value for f in fields(Details) if (value := getattr(details, f.name)) not in (None, 0)}
        self.entries[known] = Patient(earlier.patient_id, replace(earlier.details, **said))
