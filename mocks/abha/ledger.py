"""What the ABHA service remembers: accounts, transactions and every OTP it "sent".

A transaction (txnId) lives ten minutes and carries one pending OTP at a time; an OTP
is six digits, single-use, and allows three tries, after which the transaction is dead
(abdm-api.md §4.1–4.2; NHA's ABHA docs: "OTP will be valid for 10 Minutes only").
The OTPs are random; the people and their ABHA numbers come from the seed.
"""

from __future__ import annotations

import random
import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from mocks.abha.errors import (
    INVALID_TRANSACTION,
    OTP_ATTEMPTS_EXHAUSTED,
    OUT_OF_SEQUENCE,
    WRONG_OTP,
    invalid,
    unprocessable,
)
from mocks.abha.identities import Identity, make_identities
from mocks.abha.licences import Licence, make_licences

TRANSACTION_LIFETIME = timedelta(minutes=10)
OTP_ATTEMPTS = 3
ENROL, LOGIN = "enrol", "login"
ABHA_SUFFIX = "@sbx"
UUID_PATTERN = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


@dataclass(frozen=True)
class OtpSent:
    txn_id: str
    channel: str  # "aadhaar-mobile" (UIDAI's SMS) or "mobile" (ABDM's SMS)
    to: str  # the mobile number
    purpose: str  # the scope it was requested for, e.g. "abha-enrol,mobile-verify"
    otp: str


@dataclass
class AbhaAccount:
    abha_number: str  # 91-XXXX-XXXX-XXXX
    identity: Identity
    mobile: str | None  # the verified communication mobile
    abha_addresses: list[str] = field(default_factory=list)  # with the @sbx suffix
    preferred_abha_address: str | None = None
    status: str = "ACTIVE"
    # An enrolment by document (byDocument): the licence it was made from, and its state, "PROVISIONAL"
    # until someone checks the document by hand (which the simulator never does). An account made
    # from Aadhaar has neither: no source names an enrolment state for it.
    licence: Licence | None = None
    enrolment_state: str | None = None

    @property
    def auth_methods(self) -> list[str]:
        """How its holder can log in: an Aadhaar OTP unless it was made from a licence, a mobile OTP once
        a mobile is verified."""
        return [m for m, has in (("AADHAAR_OTP", self.licence is None), ("MOBILE_OTP", self.mobile)) if has]


@dataclass
class PendingOtp:
    sent: OtpSent
    attempts_left: int = OTP_ATTEMPTS
    used: bool = False


@dataclass
class Transaction:
    id: str
    flow: str  # ENROL or LOGIN
    expires_at: datetime
    identity: Identity | None = None  # enrolment: the Aadhaar holder
    account: AbhaAccount | None = None  # enrolment: the account byAadhaar created or found
    mobile: str | None = None  # enrolment: the communication mobile awaiting its OTP
    candidates: list[AbhaAccount] = field(default_factory=list)  # login: whom the OTP proves the caller to be
    login_hint: str | None = None
    otp: PendingOtp | None = None
    exhausted: bool = False
    spent: bool = False  # a single-use transaction (the DL flow's) after the call that completed it


class Ledger:
    def __init__(self, seed: int):
        self.random = random.Random(f"abha-numbers-{seed}")  # apart from faker's stream, itself seeded with seed
        self.identities = make_identities(seed)
        self.licences = make_licences(seed)  # no ABHA at the start
        self.accounts: dict[str, AbhaAccount] = {}
        self.otps: list[OtpSent] = []
        self.transactions: dict[str, Transaction] = {}
        self.clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)
        self._seed_accounts()

    def _seed_accounts(self) -> None:
        """identities[0] and [1] have no ABHA (to enrol), nor has the last (never enrolled: one whom a
        search by Aadhaar number finds without an ABHA); the rest have one, and the accounts of
        identities[3] and [4] share identities[3]'s mobile (a family phone with two ABHAs)."""
        for index, identity in enumerate(self.identities[2:-1], start=2):
            account = self.create_account(identity)
            account.mobile = self.identities[3].aadhaar_mobile if index == 4 else identity.aadhaar_mobile
            address = next(a for a in address_candidates(identity) if not self.address_taken(a))
            self.add_address(account, address, preferred=True)

    # ---- transactions and OTPs ----

    def open(self, flow: str, **details: Any) -> Transaction:
        transaction = Transaction(str(uuid.uuid4()), flow, self.clock() + TRANSACTION_LIFETIME, **details)
        self.transactions[transaction.id] = transaction
        return transaction

    def transaction(self, txn_id: Any, flow: str) -> Transaction:
        """The live transaction of this flow named by txnId; refused otherwise."""
        if not isinstance(txn_id, str) or not UUID_PATTERN.fullmatch(txn_id):
            raise invalid("txnId", f"txnId {txn_id!r} is not a UUID")
        transaction = self.transactions.get(txn_id)
        if transaction is None or transaction.flow != flow:
            raise unprocessable(INVALID_TRANSACTION, "Invalid Transaction Id", f"no {flow} transaction {txn_id}")
        if self.clock() >= transaction.expires_at:
            raise unprocessable(
                INVALID_TRANSACTION, "Transaction has expired", f"transaction {txn_id} expired (10 minutes)"
            )
        if transaction.exhausted:
            raise unprocessable(
                OTP_ATTEMPTS_EXHAUSTED,
                "You have requested multiple OTPs Or Exceeded maximum number of attempts for OTP match in this "
                "transaction. Please try again in 30 minutes.",
                f"transaction {txn_id} is dead: its OTP was entered wrong {OTP_ATTEMPTS} times",
            )
        if transaction.spent:
            raise unprocessable(
                INVALID_TRANSACTION,
                "Invalid Transaction Id",
                f"transaction {txn_id} was used up: it already completed an enrolment, and is single-use",
            )
        return transaction

    def send_otp(self, transaction: Transaction, channel: str, to: str, purpose: str) -> None:
        sent = OtpSent(transaction.id, channel, to, purpose, f"{secrets.randbelow(10**6):06d}")
        self.otps.append(sent)
        transaction.otp = PendingOtp(sent)

    def check_otp(self, transaction: Transaction, purpose: str, value: str, **failure: Any) -> None:
        """Accept the pending OTP of this purpose once; count wrong tries. `failure` joins the 422 body."""
        pending = transaction.otp
        if pending is None or pending.sent.purpose != purpose:
            raise unprocessable(
                OUT_OF_SEQUENCE,
                "Invalid API sequence",
                f"no {purpose} OTP was requested on transaction {transaction.id}",
                **failure,
            )
        if pending.used:
            raise unprocessable(
                WRONG_OTP,
                "OTP has already been used. Please request a new OTP.",
                f"the {purpose} OTP of transaction {transaction.id} was already used",
                **failure,
            )
        if value != pending.sent.otp:
            pending.attempts_left -= 1
            transaction.exhausted = pending.attempts_left == 0
            raise unprocessable(
                WRONG_OTP,
                "Entered OTP is incorrect. Kindly re-enter valid OTP.",
                f"wrong OTP for {purpose} on transaction {transaction.id}; {pending.attempts_left} attempt(s) left",
                **failure,
            )
        pending.used = True

    # ---- accounts ----

    def create_account(self, identity: Identity, **details: Any) -> AbhaAccount:
        """A new account with a fresh ABHA number; `details` are further AbhaAccount fields."""
        while True:
            digits = "".join(str(self.random.randint(0, 9)) for _ in range(12))
            number = f"91-{digits[:4]}-{digits[4:8]}-{digits[8:]}"
            if number not in self.accounts:
                break
        account = AbhaAccount(number, identity, mobile=None, **details)
        self.accounts[number] = account
        return account

    def account_of(self, identity: Identity) -> AbhaAccount | None:
        return next((a for a in self.accounts.values() if a.identity == identity), None)

    def account_of_licence(self, licence: Licence) -> AbhaAccount | None:
        return next((a for a in self.accounts.values() if a.licence == licence), None)

    def accounts_on(self, mobile: str) -> list[AbhaAccount]:
        return [a for a in self.accounts.values() if a.mobile == mobile]

    def address_taken(self, address: str) -> bool:
        full = address.lower() + ABHA_SUFFIX
        return any(full in a.abha_addresses for a in self.accounts.values())

    def add_address(self, account: AbhaAccount, address: str, preferred: bool) -> None:
        full = address.lower() + ABHA_SUFFIX
        account.abha_addresses.append(full)
        if preferred or account.preferred_abha_address is None:
            account.preferred_abha_address = full


_ADDRESS = re.compile(r"[a-z0-9](?:[a-z0-9._]*[a-z0-9])?")


def address_problem(address: str) -> str | None:
    """Why this is not an ABHA address one may create (without its suffix), or None."""
    if not 8 <= len(address) <= 18:
        return f"it is {len(address)} characters long, not 8 to 18"
    if not _ADDRESS.fullmatch(address.lower()):
        return "only letters, digits, one dot and one underscore are allowed, and not at either end"
    if address.count(".") > 1 or address.count("_") > 1:
        return "it has more than one dot or more than one underscore"
    return None


def address_candidates(identity: Identity) -> list[str]:
    """ABHA addresses that suit this person, valid by the rules, most natural first."""
    first = re.sub(r"[^a-z]", "", identity.first_name.lower())[:10]
    last = re.sub(r"[^a-z]", "", identity.last_name.lower())[:7]
    year, month, day = identity.date_of_birth.split("-")
    names = [
        f"{first}.{last}{year[2:]}",
        f"{first}_{year}",
        f"{first}{last}{day}{month}",
        f"{last}.{first}{year}",
        *(f"{first[:8]}.{year}{n:02d}" for n in range(1, 100)),
    ]
    return [name[:18] for name in names if address_problem(name[:18]) is None]
