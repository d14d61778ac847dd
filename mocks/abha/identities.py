"""Synthetic Aadhaar holders, the people the simulated ABHA service can enrol and find.

Reproducible from a seed (faker, locale en_IN), so a run names the same people every
time. Aadhaar numbers carry a valid Verhoeff check digit and never start with 0 or 1,
as UIDAI issues them; that is what an app's "invalid Aadhaar" check looks at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from faker import Faker

IDENTITY_COUNT = 8

# The Verhoeff scheme: multiplication in the dihedral group D5, a position-dependent
# permutation, and the inverse table that picks the check digit.
_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_INV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)

# LGD state codes are the real ones; district codes are illustrative (Rohtas 215 is the
# one NHA's own example uses).
_PLACES = (
    ("BIHAR", "10", (("ROHTAS", "215"), ("PATNA", "230"))),
    ("KARNATAKA", "29", (("BENGALURU URBAN", "572"), ("MYSURU", "577"))),
    ("MAHARASHTRA", "27", (("PUNE", "490"), ("NAGPUR", "505"))),
    ("TAMIL NADU", "33", (("CHENNAI", "603"), ("COIMBATORE", "632"))),
    ("UTTAR PRADESH", "09", (("LUCKNOW", "162"), ("VARANASI", "188"))),
    ("WEST BENGAL", "19", (("KOLKATA", "342"), ("HOWRAH", "329"))),
)


@dataclass(frozen=True)
class Identity:
    aadhaar: str
    name: str
    first_name: str
    last_name: str
    gender: str  # "M" or "F"
    date_of_birth: str  # YYYY-MM-DD
    aadhaar_mobile: str  # where UIDAI texts the Aadhaar OTP
    address: str
    state: str
    state_code: str
    district: str
    district_code: str
    pincode: str


def lgd_codes(state: str, district: str) -> tuple[str | None, str | None]:
    """The LGD codes of a state and of a district in it, by name (any case, trimmed); None where the
    simulator's table does not know the name (it holds six states, the real service all of them)."""
    place = next((p for p in _PLACES if p[0] == state.strip().upper()), None)
    if place is None:
        return None, None
    district_code = next((code for name, code in place[2] if name == district.strip().upper()), None)
    return place[1], district_code


def _checksum(digits: str) -> int:
    c = 0
    for i, digit in enumerate(reversed(digits)):
        c = _D[c][_P[i % 8][int(digit)]]
    return c


def verhoeff_valid(number: str) -> bool:
    """Whether a string of digits ends in its Verhoeff check digit."""
    return bool(re.fullmatch(r"\d+", number)) and _checksum(number) == 0


def with_verhoeff(eleven_digits: str) -> str:
    """The digits followed by their Verhoeff check digit (for Aadhaar, eleven become twelve)."""
    if not re.fullmatch(r"\d+", eleven_digits):
        raise ValueError("only digits take a Verhoeff check digit")
    return eleven_digits + str(_INV[_checksum(eleven_digits + "0")])


def make_identities(seed: int, count: int = IDENTITY_COUNT) -> list[Identity]:
    fake = Faker("en_IN")
    fake.seed_instance(seed)
    identities: list[Identity] = []
    aadhaars: set[str] = set()
    mobiles: set[str] = set()
    while len(identities) < count:
        aadhaar = with_verhoeff(str(fake.random.randint(2, 9)) + _digits(fake, 10))
        mobile = str(fake.random.randint(6, 9)) + _digits(fake, 9)
        if aadhaar in aadhaars or mobile in mobiles:
            continue
        aadhaars.add(aadhaar)
        mobiles.add(mobile)
        gender = fake.random.choice("MF")
        first = fake.first_name_male() if gender == "M" else fake.first_name_female()
        last = fake.last_name()
        state, state_code, districts = fake.random.choice(_PLACES)
        district, district_code = fake.random.choice(districts)
        identities.append(
            Identity(
                aadhaar=aadhaar,
                name=f"{first} {last}",
                first_name=first,
                last_name=last,
                gender=gender,
                date_of_birth=fake.date_between_dates(
                    date(1946, 1, 1), date(2006, 1, 1)
                ).isoformat(),  # not today-relative
                aadhaar_mobile=mobile,
                address=f"{fake.building_number()}, {fake.street_name()}, {district.title()}",
                state=state,
                state_code=state_code,
                district=district,
                district_code=district_code,
                pincode=str(fake.random.randint(1, 8)) + _digits(fake, 5),
            )
        )
    return identities


def _digits(fake: Faker, count: int) -> str:
    return "".join(str(fake.random.randint(0, 9)) for _ in range(count))
