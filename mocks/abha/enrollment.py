"""ABHA creation through Aadhaar OTP (abdm-api.md §4.1; CRT_ABHA_101–113) and through a driving
licence (§4.1 "DL/PAN flow"; CRT_ABHA_401–411).

One transaction runs the whole Aadhaar enrolment, in order: Aadhaar OTP → byAadhaar (the
account exists from here) → optionally a communication-mobile OTP → byAbdm (the mobile is
linked) → address suggestions → abha-address. When the communication mobile given to
byAadhaar is the Aadhaar one, it is linked at once and needs no OTP (CRT_ABHA_108).

The DL flow runs one of its own: a dl-flow mobile OTP opens it → byAbdm under the dl-flow
scope verifies the mobile → byDocument checks the licence details, creates a PROVISIONAL
enrolment (an ABHA number whose document awaits a manual check) with that mobile and a
default ABHA address, and uses the transaction up.
"""

from __future__ import annotations

import re
from typing import Any

from mocks.abha.crypto import EncryptionKey
from mocks.abha.errors import (
    INCORRECT_DATA,
    INCORRECT_DATA_MESSAGE,
    MOBILE_NOT_LINKED,
    OUT_OF_SEQUENCE,
    invalid,
    unprocessable,
)
from mocks.abha.fields import (
    OtpRoute,
    aadhaar_holder,
    decrypted,
    image,
    iso_date,
    masked,
    mobile,
    obj,
    optional_text,
    otp_auth,
    route,
    scoped,
    text,
)
from mocks.abha.ledger import ENROL, AbhaAccount, Ledger, Transaction, address_candidates, address_problem
from mocks.abha.licences import DOCUMENT_TYPE, applicant, first_difference, licence_numbered
from mocks.abha.messages import Call
from mocks.abha.tokens import X_TOKEN, UserTokens

AADHAAR_OTP = OtpRoute(("abha-enrol",), "aadhaar", "aadhaar")
MOBILE_OTP = OtpRoute(("abha-enrol", "mobile-verify"), "mobile", "abdm")
DL_OTP = OtpRoute(("abha-enrol", "mobile-verify", "dl-flow"), "mobile", "abdm")
CONSENT = {"code": "abha-enrollment", "version": "1.4"}
SUGGESTIONS = 5
PROVISIONAL = "PROVISIONAL"
GENDERS = ("M", "F", "O")
_PIN_CODE = re.compile(r"[1-9]\d{5}")


class Enrollment:
    def __init__(self, ledger: Ledger, key: EncryptionKey, tokens: UserTokens):
        self.ledger, self.key, self.tokens = ledger, key, tokens

    def routes(self) -> dict[tuple[str, str], Any]:
        return {
            ("POST", "/v3/enrollment/request/otp"): self.request_otp,
            ("POST", "/v3/enrollment/enrol/byAadhaar"): self.by_aadhaar,
            ("POST", "/v3/enrollment/auth/byAbdm"): self.by_abdm,
            ("POST", "/v3/enrollment/enrol/byDocument"): self.by_document,
            ("GET", "/v3/enrollment/enrol/suggestion"): self.suggestion,
            ("POST", "/v3/enrollment/enrol/abha-address"): self.abha_address,
        }

    def request_otp(self, call: Call) -> dict[str, Any]:
        body = call.json()
        chosen = route(body, (AADHAAR_OTP, MOBILE_OTP, DL_OTP))
        if chosen is AADHAAR_OTP:
            return self._aadhaar_otp(body)
        if chosen is DL_OTP:
            return self._dl_otp(body)
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
        if body.get("txnId") in (None, ""):
            raise invalid(
                "txnId",
                "a communication-mobile OTP (scope abha-enrol, mobile-verify) continues an Aadhaar enrolment and "
                "needs its txnId; an enrolment by driving licence starts with scope dl-flow as well",
            )
        transaction = self.ledger.transaction(body.get("txnId"), ENROL)
        self._enrolled(transaction, "a communication-mobile OTP")
        return self._text_mobile(transaction, number, MOBILE_OTP)

    def _dl_otp(self, body: dict[str, Any]) -> dict[str, Any]:
        """The DL flow starts here, with txnId "" or absent (as the Aadhaar OTP does; the yml's DL example
        sends none). A txnId names a resend on a DL transaction not yet used up, to the same mobile or
        another: the sources say nothing of resends, and this is how the Aadhaar OTP's work."""
        number = mobile(decrypted(self.key, body.get("loginId"), "loginId"), "loginId")
        if body.get("txnId") in (None, ""):
            transaction = self.ledger.open(ENROL)
        else:
            transaction = self.ledger.transaction(body.get("txnId"), ENROL)
            if not _in_dl_flow(transaction):
                raise _out_of_sequence("a dl-flow OTP resend names a transaction that a dl-flow OTP opened")
        return self._text_mobile(transaction, number, DL_OTP)

    def _text_mobile(self, transaction: Transaction, number: str, chosen: OtpRoute) -> dict[str, Any]:
        """ABDM's SMS with an OTP to the mobile the transaction is to verify."""
        transaction.mobile = number
        self.ledger.send_otp(transaction, "mobile", number, chosen.purpose)
        return {"txnId": transaction.id, "message": f"OTP is sent to Mobile number ending with {masked(number)}"}

    def by_aadhaar(self, call: Call) -> dict[str, Any]:
        body = call.json()
        otp, value = otp_auth(body, self.key)
        communication = mobile(text(otp, "mobile"), "mobile")
        consented(body)
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
        chosen = scoped(body, (MOBILE_OTP, DL_OTP))
        otp, value = otp_auth(body, self.key)
        transaction = self.ledger.transaction(otp.get("txnId"), ENROL)
        self.ledger.check_otp(transaction, chosen.purpose, value, txnId=transaction.id, authResult="failed")
        if chosen is DL_OTP:
            # The mobile is verified: the transaction's dl-flow OTP is now used (see _verified_mobile).
            # The answer is the yml's "Request Verify DL OTP" example, which has no accounts: there are
            # none yet.
            return {"txnId": transaction.id, "authResult": "success", "message": "OTP verified successfully."}
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

    def by_document(self, call: Call) -> dict[str, Any]:
        """Malformed fields first (400), then the transaction and its verified mobile, then the licence (422)."""
        body = call.json()
        document_type = text(body, "documentType")
        if document_type != DOCUMENT_TYPE:
            raise invalid(
                "documentType", f"documentType {document_type!r} is not {DOCUMENT_TYPE!r}, the one byDocument takes"
            )
        document_id = text(body, "documentId")
        submitted = {
            "firstName": text(body, "firstName"),
            "middleName": optional_text(body, "middleName"),
            "lastName": optional_text(body, "lastName"),
            "dob": iso_date(body, "dob"),
            "gender": text(body, "gender"),
        }
        if submitted["gender"] not in GENDERS:
            raise invalid("gender", f"gender {submitted['gender']!r} is not one of {', '.join(GENDERS)}")
        image(body, "frontSidePhoto")
        image(body, "backSidePhoto")
        address, state, district = text(body, "address"), text(body, "state"), text(body, "district")
        pin_code = text(body, "pinCode")
        if not _PIN_CODE.fullmatch(pin_code):
            raise invalid("pinCode", f"pinCode {pin_code!r} is not a 6-digit PIN code (not starting with 0)")
        consented(body)
        transaction = self.ledger.transaction(body.get("txnId"), ENROL)
        verified = _verified_mobile(transaction)
        licence = licence_numbered(self.ledger.licences, document_id)
        if licence is None:
            raise _no_match(f"documentId {document_id!r} is none of the simulated driving licences")
        differing = first_difference(licence, submitted)
        if differing is not None:
            given = submitted[differing]
            raise _no_match(f"{differing} {given!r} differs from what licence {licence.document_id} says")
        account = self.ledger.account_of_licence(licence)
        if account is None:
            identity = applicant(licence, address, state, district, pin_code)
            account = self.ledger.create_account(identity, licence=licence, enrolment_state=PROVISIONAL)
            account.mobile = verified
            # The default ABHA address is the ABHA number's 14 digits, as the yml's phrAddress shows.
            self.ledger.add_address(account, account.abha_number.replace("-", ""), preferred=True)
        # else: this licence is enrolled already, and the answer is that enrolment, unchanged (as byAadhaar
        # answers a known Aadhaar with its account; it too keeps the account's mobile). The yml's answer
        # has no isNew or message to tell the two apart.
        transaction.account = account
        transaction.spent = True
        return {"EnrolProfile": enrol_profile(account)}

    @staticmethod
    def _enrolled(transaction: Transaction, step: str) -> AbhaAccount:
        if transaction.account is None:
            raise _out_of_sequence(f"{step} comes after byAadhaar on the same transaction")
        return transaction.account


def abha_profile(account: AbhaAccount) -> dict[str, Any]:
    """byAadhaar's ABHAProfile as NHA's v3 page (m1 "Enrol by Aadhaar", POST /abha/api/v3/enrollment/enrol/byAadhaar)
    gives it: dob as DD-MM-YYYY, the address in one line with the state's and district's names and codes."""
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
        "phrAddress": list(account.abha_addresses),
        "address": identity.address,
        "districtCode": identity.district_code,
        "stateCode": identity.state_code,
        "pinCode": identity.pincode,
        "abhaType": "STANDARD",
        "stateName": identity.state,
        "districtName": identity.district,
        "ABHANumber": account.abha_number,
        "abhaStatus": account.status,
    }


def enrol_profile(account: AbhaAccount) -> dict[str, Any]:
    """byDocument's EnrolProfile, keys and formats as the yml's example (dob as YYYY-MM-DD, the state and
    district as the applicant wrote them, their LGD codes null where the simulator's table lacks them)."""
    identity, licence = account.identity, account.licence
    assert licence is not None  # only byDocument's accounts have an EnrolProfile
    return {
        "enrolmentNumber": account.abha_number,
        "enrolmentState": account.enrolment_state,
        "firstName": identity.first_name,
        "middleName": licence.middle_name,
        "lastName": identity.last_name,
        "dob": identity.date_of_birth,
        "gender": identity.gender,
        "mobile": account.mobile,
        "email": None,
        "address": identity.address,
        "districtCode": identity.district_code or None,
        "district": identity.district,
        "stateCode": identity.state_code or None,
        "state": identity.state,
        "abhaType": "STANDARD",
        "pinCode": identity.pincode,
        "abhaStatus": account.status,
        "phrAddress": list(account.abha_addresses),
    }


def consented(body: dict[str, Any]) -> None:
    """The enrolment consent, as byAadhaar and byDocument both take it."""
    consent = obj(body, "consent")
    if consent != CONSENT:
        raise invalid("consent", f"consent is {consent}, not {CONSENT}")


def _in_dl_flow(transaction: Transaction) -> bool:
    """A DL transaction is the one whose OTP is a dl-flow one: no other step texts one, and none of the
    Aadhaar flow's steps will act on a transaction without an Aadhaar holder or an account."""
    return transaction.otp is not None and transaction.otp.sent.purpose == DL_OTP.purpose


def _verified_mobile(transaction: Transaction) -> str:
    """The mobile a dl-flow OTP verified on this transaction (byAbdm used the OTP up); refused otherwise."""
    pending = transaction.otp
    if pending is not None and _in_dl_flow(transaction) and pending.used:
        return pending.sent.to
    if _in_dl_flow(transaction):
        what = "a dl-flow enrolment whose mobile OTP byAbdm has not accepted"
    else:
        what = "not a dl-flow enrolment (no OTP was requested on it with scope dl-flow)"
    raise unprocessable(
        MOBILE_NOT_LINKED,
        "Mobile number verification is pending.",
        f"the mobile was not verified by OTP before byDocument: transaction {transaction.id} is {what}",
    )


def _no_match(reason: str) -> Exception:
    details = [
        {
            "message": "Document details do not match. Ensure correct Driving Licence information is entered.",
            "code": INCORRECT_DATA,
            "attribute": None,
        }
    ]
    return unprocessable(INCORRECT_DATA, INCORRECT_DATA_MESSAGE, reason, details=details)


def _out_of_sequence(reason: str) -> Exception:
    return unprocessable(OUT_OF_SEQUENCE, "Invalid API sequence", reason)
