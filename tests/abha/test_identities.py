"""The synthetic Aadhaar holders and their ABHA accounts: valid, varied and reproducible from the seed."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from mocks.abha import AbhaService
from mocks.abha.identities import verhoeff_valid, with_verhoeff

# Verhoeff's own worked example (236 → 3), and UIDAI's published test Aadhaar numbers.
KNOWN_VALID = ["2363", "758722", "123451", "999999990019", "999999990026", "999941057058"]


@pytest.mark.parametrize("number", KNOWN_VALID)
def test_verhoeff_accepts_known_valid_numbers(number):
    assert verhoeff_valid(number)
    assert with_verhoeff(number[:-1]) == number


@pytest.mark.parametrize("number", ["2364", "999999990018", "999941057085", "", "12a4", "9999 9999 0019"])
def test_verhoeff_refuses_wrong_check_digits_and_non_digits(number):
    assert not verhoeff_valid(number)


def test_with_verhoeff_takes_only_digits():
    with pytest.raises(ValueError):
        with_verhoeff("1234-5")


def test_identities_look_like_aadhaar_holders(service):
    assert len(service.identities) >= 6
    for identity in service.identities:
        assert re.fullmatch(r"[2-9]\d{11}", identity.aadhaar) and verhoeff_valid(identity.aadhaar)
        assert re.fullmatch(r"[6-9]\d{9}", identity.aadhaar_mobile)
        assert identity.gender in ("M", "F")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", identity.date_of_birth)
        assert re.fullmatch(r"[1-8]\d{5}", identity.pincode)
        assert identity.name and identity.address and identity.state and identity.district
    assert len({i.aadhaar for i in service.identities}) == len(service.identities)


def test_the_first_two_and_the_last_have_no_abha_and_the_rest_have_one(service):
    holders = {account.identity for account in service.accounts.values()}
    assert not holders & {service.identities[0], service.identities[1], service.identities[-1]}
    assert set(service.identities[2:-1]) <= holders
    for number, account in service.accounts.items():
        assert re.fullmatch(r"91-\d{4}-\d{4}-\d{4}", number) and account.abha_number == number
        assert account.preferred_abha_address and account.preferred_abha_address.endswith("@sbx")
        assert account.status == "ACTIVE"


def test_two_accounts_share_one_mobile(service):
    shared = [mobile for mobile, count in Counter(a.mobile for a in service.accounts.values()).items() if count == 2]
    assert shared == [service.identities[3].aadhaar_mobile]


def test_the_same_seed_gives_the_same_people_and_accounts():
    first, second = AbhaService(7, bool), AbhaService(7, bool)
    assert first.identities == second.identities
    assert [(a.abha_number, a.mobile, a.abha_addresses) for a in first.accounts.values()] == [
        (a.abha_number, a.mobile, a.abha_addresses) for a in second.accounts.values()
    ]
    assert AbhaService(8, bool).identities != first.identities
