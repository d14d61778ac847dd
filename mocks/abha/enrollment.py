"""ABHA creation through Aadhaar OTP (abdm-api.md §4.1; CRT_ABHA_101–113).

One transaction runs the whole enrolment, in order: Aadhaar OTP → byAadhaar (the account
exists from here) → optionally a communication-mobile OTP → byAbdm (the mobile is
linked) → address suggestions → abha-address. When the communication mobile given to
byAadhaar is the Aadhaar one, it is linked at once and needs no OTP (CRT_ABHA_108).
"""

from __future__ import annotations

from typing import Any

from mocks.abha.crypto import EncryptionKey
from mocks.abha.errors import OUT_OF_SEQUENCE, invalid, unprocessable
from mocks.abha.fields import (
    OtpRoute,
    aadhaar_holder,
    decrypted,
    masked,
    mobile,
    obj,
    otp_auth,
    route,
    scope_of,
    text,
)
from mocks.abha.ledger import ENROL, AbhaAccount, Ledger, Transaction, address_candidates, address_problem
from mocks.abha.messages import Call
from mocks.abha.tokens import X_TOKEN, UserTokens

AADHAAR_OTP = OtpRoute(("abha-enrol",), "aadhaar", "aadhaar")
MOBILE_OTP = OtpRoute(("abha-enrol", "mobile-verify"), "mobile", "abdm")
CONSENT = {"code": "abha-enrollment", "version": "1.4"}
SUGGESTIONS = 5


class Enrollment:
    def __init__(self, ledger: Ledger, key: EncryptionKey, tokens: UserTokens):
        self.ledger, self.key, self.tokens = ledger, key, tokens

    def routes(self) -> dict[tuple[str, str], Any]:
        return {
            ("POST", "/v3/enrollment/request/otp"): self.request_otp,
            ("POST", "/v3/enrollment/enrol/byAadhaar"): self.by_aadhaar,
            ("POST", "/v3/enrollment/auth/byAbdm"): self.by_abdm,
            ("GET", "/v3/enrollment/enrol/suggestion"): self.suggestion,
            ("POST", "/v3/enrollment/enrol/abha-address"): self.abha_address,
        }

    def request_otp(self, call: Call) -> dict[str, Any]:
        body = call.json()
        if route(body, (AADHAAR_OTP, MOBILE_OTP)) is AADHAAR_OTP:
            return self._aadhaar_otp(body)
        return self._mobile_otp(body)

    def _aadhaar_otp(self, body: dict[str, Any]) -> dict[str, Any]:
        identity = aadhaar_holder(self.ledger.identities, decrypted(self.key, body.get("loginId"), "loginId"))
        if body.get("txnId") in (None, ""):
            transaction = self.ledger.open(ENROL, identity=identity)
        else:  # a resend, on the transaction this Aadhaar opened
            transaction = self.ledger.transaction(body.get("txnId"), ENROL)
            if transaction.identity != identity or transaction.account is not None:
                raise _out_of_sequence("an Aadhaar OTP resend names the transaction of that Aadhaar, before byAadhaar")
        self.ledger.send_otp(transaction, "aadhaar-mobile", identity.aadhaar_mobile, AADHAAR_OTP.purpose)
        return {
            "txnId": transaction.id,
            "message": f"OTP is sent to Aadhaar registered mobile number ending with {masked(identity.aadhaar_mobile)}",
        }

    def _mobile_otp(self, body: dict[str, Any]) -> dict[str, Any]:
        number = mobile(decrypted(self.key, body.get("loginId"), "loginId"), "loginId")
        transaction = self.ledger.transaction(body.get("txnId"), ENROL)
        self._enrolled(transaction, "a communication-mobile OTP")
        transaction.mobile = number
        self.ledger.send_otp(transaction, "mobile", number, MOBILE_OTP.purpose)
        return {"txnId": transaction.id, "message": f"OTP is sent to Mobile number ending with {masked(number)}"}

    def by_aadhaar(self, call: Call) -> dict[str, Any]:
        body = call.json()
        otp, value = otp_auth(body, self.key)
        communication = mobile(text(otp, "mobile"), "mobile")
        consent = obj(body, "consent")
        if consent != CONSENT:
            raise invalid("consent", f"consent is {consent}, not {CONSENT}")
        transaction = self.ledger.transaction(otp.get("txnId"), ENROL)
        self.ledger.check_otp(transaction, AADHAAR_OTP.purpose, value)
        identity = transaction.identity
        assert identity is not None  # an enrolment transaction opens with its Aadhaar holder
        account = self.ledger.account_of(identity)
        is_new = account is None
        if account is None:
            account = self.ledger.create_account(identity)
        if communication == identity.aadhaar_mobile and account.mobile is None:
            account.mobile = communication
        transaction.account = account
        return {
            "txnId": transaction.id,
            "message": "Account created successfully" if is_new else "This account already exist",
            "tokens": self.tokens.grant(X_TOKEN, [account.abha_number], transaction.id, self.ledger.clock()),
            "ABHAProfile": abha_profile(account),
            "isNew": is_new,
        }

    def by_abdm(self, call: Call) -> dict[str, Any]:
        body = call.json()
        if scope_of(body) != frozenset(MOBILE_OTP.scope):
            raise invalid("scope", f"scope {sorted(scope_of(body))} is not {list(MOBILE_OTP.scope)}")
        otp, value = otp_auth(body, self.key)
        transaction = self.ledger.transaction(otp.get("txnId"), ENROL)
        self.ledger.check_otp(transaction, MOBILE_OTP.purpose, value, txnId=transaction.id, authResult="failed")
        account = self._enrolled(transaction, "byAbdm")
        account.mobile = transaction.mobile
        return {
            "txnId": transaction.id,
            "authResult": "success",
            "message": "Mobile Number linked successfully.",
            "accounts": [{"ABHANumber": account.abha_number}],
        }

    def suggestion(self, call: Call) -> dict[str, Any]:
        txn_id = call.header("TRANSACTION_ID")
        if txn_id is None:
            raise invalid("txnId", "the TRANSACTION_ID header is missing")
        transaction = self.ledger.transaction(txn_id, ENROL)
        account = self._enrolled(transaction, "address suggestions")
        free = [a for a in address_candidates(account.identity) if not self.ledger.address_taken(a)]
        return {"txnId": transaction.id, "abhaAddressList": free[:SUGGESTIONS]}

    def abha_address(self, call: Call) -> dict[str, Any]:
        body = call.json()
        address = text(body, "abhaAddress")
        problem = address_problem(address)
        if problem:
            raise invalid("abhaAddress", f"abhaAddress {address!r} is malformed: {problem}")
        preferred = body.get("preferred")
        if isinstance(preferred, bool) or preferred not in (0, 1):
            raise invalid("preferred", f"preferred is {preferred!r}, not 1 (or 0)")
        transaction = self.ledger.transaction(body.get("txnId"), ENROL)
        account = self._enrolled(transaction, "creating an ABHA address")
        if self.ledger.address_taken(address):
            raise invalid(
                "abhaAddress",
                f"abhaAddress {address!r} is already taken",
                "This ABHA Address already exists. Please create with unique ABHA address",
            )
        self.ledger.add_address(account, address, preferred == 1)
        return {
            "txnId": transaction.id,
            "healthIdNumber": account.abha_number,
            "preferredAbhaAddress": account.preferred_abha_address,
        }

    @staticmethod
    def _enrolled(transaction: Transaction, step: str) -> AbhaAccount:
        if transaction.account is None:
            raise _out_of_sequence(f"{step} comes after byAadhaar on the same transaction")
        return transaction.account


def abha_profile(account: AbhaAccount) -> dict[str, Any]:
    """byAadhaar's ABHAProfile (dob as DD-MM-YYYY, as NHA's example gives it)."""
    identity = account.identity
    year, month, day = identity.date_of_birth.split("-")
    return {
        "firstName": identity.first_name,
        "middleName": "",
        "lastName": identity.last_name,
        "dob": f"{day}-{month}-{year}",
        "gender": identity.gender,
        "photo": None,
        "mobile": account.mobile,
        "email": None,
        "phrAddress": list(account.abha_addresses),
        "addressLine1": identity.address,
        "stateCode": identity.state_code,
        "districtCode": identity.district_code,
        "pinCode": identity.pincode,
        "abhaType": "STANDARD",
        "ABHANumber": account.abha_number,
        "abhaStatus": account.status,
    }


def _out_of_sequence(reason: str) -> Exception:
    return unprocessable(OUT_OF_SEQUENCE, "Invalid API sequence", reason)
