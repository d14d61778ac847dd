"""Synthetic driving-licence holders, the people the simulated ABHA service enrols by document
(abdm-api.md §4.1 "DL/PAN flow"; CRT_ABHA_401–411).

Reproducible from a seed (faker, locale en_IN, on a stream of its own so that the licence
holders are not the Aadhaar holders of identities.py under another name). None holds an ABHA
at the start, and none is an Aadhaar holder: the service knows them only by their licence.

A licence number has the Sarathi form: the state's two-letter code, the issuing RTO's two
digits, the year of issue and a seven-digit serial, e.g. BR57 2010 0099999 written without
spaces (BR5720100099999, NHA's own example). The state code is the licence holder's state's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from faker import Faker

from mocks.abha.identities import _PLACES, Identity, lgd_codes  # _PLACES: the simulator's one LGD table

LICENCE_COUNT = 2
DOCUMENT_TYPE = "DRIVING_LICENCE"
LICENCE_NUMBER = re.compile(r"[A-Z]{2}\d{13}")

# The state's code in a licence number (the vehicle-registration code) and the range of the first
# two digits of its PIN codes (India Post's postal circles), for the states of the simulator's LGD table.
_STATE_CODES = {
    "BIHAR": ("BR", (80, 85)),
    "KARNATAKA": ("KA", (56, 59)),
    "MAHARASHTRA": ("MH", (40, 44)),
    "TAMIL NADU": ("TN", (60, 64)),
    "UTTAR PRADESH": ("UP", (20, 28)),
    "WEST BENGAL": ("WB", (70, 74)),
}
# Middle names as licences often carry them.
_MIDDLE_NAMES = {"M": ("Kumar", "Prasad", "Lal", "Chandra"), "F": ("Kumari", "Devi", "Rani")}


@dataclass(frozen=True)
class Licence:
    document_id: str  # e.g. BR5720100099999
    first_name: str
    middle_name: str  # "" when the licence gives none
    last_name: str
    dob: str  # YYYY-MM-DD
    gender: str  # "M" or "F"
    address: str
    state: str  # upper case, as the LGD table names it, e.g. "BIHAR"
    district: str  # likewise, e.g. "ROHTAS"
    pin_code: str  # 6 digits

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first_name, self.middle_name, self.last_name) if part)


def make_licences(seed: int, count: int = LICENCE_COUNT) -> list[Licence]:
    """`count` licence holders; the first has a middle name, the second none (both shapes a form must take)."""
    fake = Faker("en_IN")
    fake.seed_instance(f"licences-{seed}")
    licences: list[Licence] = []
    while len(licences) < count:
        gender = fake.random.choice("MF")
        first = fake.first_name_male() if gender == "M" else fake.first_name_female()
        middle = fake.random.choice(_MIDDLE_NAMES[gender]) if not licences else ""
        state, _, districts = fake.random.choice(_PLACES)
        district, _ = fake.random.choice(districts)
        state_letters, pin_prefixes = _STATE_CODES[state]
        born = fake.date_between_dates(date(1956, 1, 1), date(2004, 1, 1))  # the same people whatever today is
        issued = fake.random.randint(born.year + 18, 2023)
        document_id = f"{state_letters}{fake.random.randint(1, 99):02d}{issued}{_digits(fake, 7)}"
        if any(licence.document_id == document_id for licence in licences):
            continue
        licences.append(
            Licence(
                document_id=document_id,
                first_name=first,
                middle_name=middle,
                last_name=fake.last_name(),
                dob=born.isoformat(),
                gender=gender,
                address=f"{fake.building_number()}, {fake.street_name()}, {district.title()}",
                state=state,
                district=district,
                pin_code=f"{fake.random.randint(*pin_prefixes)}{_digits(fake, 4)}",
            )
        )
    return licences


def applicant(licence: Licence, address: str, state: str, district: str, pin_code: str) -> Identity:
    """The person an account made from this licence describes: name, birth date and gender as the
    licence has them (byDocument checked them against it), the address as the applicant declared it
    (byDocument's address, state, district and pinCode, which the service does not check against the
    licence: a licence's address is often an old one). No Aadhaar: the Aadhaar fields are empty."""
    state_code, district_code = lgd_codes(state, district)
    return Identity(
        aadhaar="",
        name=licence.name,
        first_name=licence.first_name,
        last_name=licence.last_name,
        gender=licence.gender,
        date_of_birth=licence.dob,
        aadhaar_mobile="",
        address=address,
        state=state,
        state_code=state_code or "",
        district=district,
        district_code=district_code or "",
        pincode=pin_code,
    )


def licence_numbered(licences: list[Licence], document_id: str) -> Licence | None:
    """The licence with this number, written in any case, with spaces around it or not."""
    wanted = document_id.strip().upper()
    return next((licence for licence in licences if licence.document_id == wanted), None)


def first_difference(licence: Licence, submitted: dict[str, str]) -> str | None:
    """The first of byDocument's firstName, middleName, lastName, dob and gender (API names, the keys of
    `submitted`) that does not say what the licence says, or None. Names compare without regard to case
    or to spaces around and between words. A middleName left out or "" is not compared: a licence gives
    the name in one line, and abdm-api.md marks middleName optional, so an applicant may well not split
    it off; but one given must be the licence's."""
    recorded = {
        "firstName": licence.first_name,
        "middleName": licence.middle_name,
        "lastName": licence.last_name,
        "dob": licence.dob,
        "gender": licence.gender,
    }
    for field, value in recorded.items():
        given = submitted.get(field, "")
        if field == "middleName" and not given.strip():
            continue
        if _comparable(given) != _comparable(value):
            return field
    return None


def _comparable(text: str) -> str:
    return " ".join(text.split()).casefold()


def _digits(fake: Faker, count: int) -> str:
    return "".join(str(fake.random.randint(0, 9)) for _ in range(count))
