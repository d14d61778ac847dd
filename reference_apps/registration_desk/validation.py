"""What the desk checks before anything goes to ABHA (CRT_ABHA_104: an invalid Aadhaar number is
refused at entry, not sent for an OTP).

Aadhaar numbers end in a Verhoeff check digit, which catches every single-digit mistake and
every swap of adjacent digits: the usual typing errors at a desk.
"""

from __future__ import annotations

import re

# Verhoeff's tables: multiplication in the dihedral group D5, and the position permutation.
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

# re.ASCII: \d would otherwise take any script's digits, which ABHA would not.
_ABHA_NUMBER = re.compile(r"\d{14}|\d{2}-\d{4}-\d{4}-\d{4}", re.ASCII)
ABHA_ADDRESS = re.compile(r"[A-Za-z0-9][A-Za-z0-9._]{2,30}@(sbx|abdm)", re.ASCII)  # sandbox and production suffixes
_ABHA_NUMBER_13 = re.compile(r"\d{13}|\d{2}-\d{4}-\d{4}-\d{3}", re.ASCII)  # only for accepts_13_digit_abha


def verhoeff_valid(digits: str) -> bool:
    """Whether the last digit is the Verhoeff check digit of the others."""
    check = 0
    for position, digit in enumerate(reversed(digits)):
        check = _D[check][_P[position % 8][int(digit)]]
    return check == 0


def valid_aadhaar(text: str) -> bool:
    return re.fullmatch(r"\d{12}", text, re.ASCII) is not None and verhoeff_valid(text)


def valid_mobile(text: str) -> bool:
    return re.fullmatch(r"\d{10}", text, re.ASCII) is not None


def abha_number(text: str, *, allow_13_digits: bool = False) -> str | None:
    """The ABHA number as ABHA writes it (91-XXXX-XXXX-XXXX), or None when it is none."""
    if not (_ABHA_NUMBER.fullmatch(text) or (allow_13_digits and _ABHA_NUMBER_13.fullmatch(text))):
        return None
    digits = text.replace("-", "")
    return f"{digits[:2]}-{digits[2:6]}-{digits[6:10]}-{digits[10:]}"
