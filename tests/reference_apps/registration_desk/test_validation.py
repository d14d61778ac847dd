"""The desk's own checks of what is typed at the desk."""

from __future__ import annotations

import random

import pytest

from mocks.abha.identities import with_verhoeff
from reference_apps.registration_desk.validation import abha_number, valid_aadhaar, verhoeff_valid


@pytest.mark.parametrize(("digits", "valid"), [("2363", True), ("2364", False), ("2633", False)])
def test_verhoeff(digits, valid):
    # The textbook example: 236 has the check digit 3.
    assert verhoeff_valid(digits) is valid


def test_a_check_digit_catches_each_single_digit_mistake_and_each_adjacent_swap():
    assert valid_aadhaar("234123412346")
    for position in range(12):
        for digit in "0123456789":
            typo = "234123412346"[:position] + digit + "234123412346"[position + 1 :]
            assert valid_aadhaar(typo) is (typo == "234123412346")
    for position in range(11):
        number = "234123412346"
        swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
        assert valid_aadhaar(swapped) is (swapped == number)


@pytest.mark.parametrize("text", ["२३४१२३४१२३४६", "2341-2341-2346", " 234123412346"])
def test_an_aadhaar_number_is_twelve_ascii_digits(text):
    assert not valid_aadhaar(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("91444455556666", "91-4444-5555-6666"),
        ("91-4444-5555-6666", "91-4444-5555-6666"),
        ("91-44445555-6666", None),
        ("914444555566660", None),
        ("9144445555666", None),
    ],
)
def test_abha_number(text, expected):
    assert abha_number(text) == expected


def test_thirteen_digits_only_when_allowed():
    assert abha_number("9144445555666", allow_13_digits=True) == "91-4444-5555-666"


def test_the_desk_accepts_every_check_digit_the_simulated_uidai_issues():
    # Written apart, the two tables would have to share a mistake for both to pass: the desk's once had
    # two entries of the fifth permutation swapped, which the textbook example above never reaches.
    numbers = random.Random(104)
    for _ in range(2000):
        issued = with_verhoeff(str(numbers.randrange(2 * 10**10, 10**11)))
        for digit in "0123456789":
            assert valid_aadhaar(issued[:-1] + digit) is (digit == issued[-1]), issued[:-1] + digit
