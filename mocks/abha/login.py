"""Finding and verifying an ABHA (abdm-api.md §4.2; VRFY_ABHA_101/201/401, B's 301–405).

An OTP proves the caller is the holder of an ABHA number (Aadhaar OTP or the account's
mobile), of an Aadhaar number, or of a mobile. The first two answer with an X-token for
that account; a mobile may hold several ABHAs, so its login answers with every one of
them and a T-token, which /verify/user exchanges for the X-token of the one chosen.
"""

from __future__ import annotations

from typing import Any

from mocks.abha.crypto import EncryptionKey
from mocks.abha.errors import (
    AADHAAR_NOT_LINKED,
    ABHA_NOT_FOUND,
    INVALID_USER_TOKEN,
    MOBILE_NOT_LINKED,
    invalid,
    unauthorized,
    unprocessable,
)
from mocks.abha.fields import (
    OtpRoute,
    aadhaar_holder,
    abha_number,
    decrypted,
    masked,
    mobile,
    otp_auth,
    route,
    scope_of,
    text,
)
from mocks.abha.ledger import LOGIN, AbhaAccount, Ledger, Transaction
from mocks.abha.messages import Call
from mocks.abha.tokens import T_TOKEN, X_TOKEN, UserTokens

BY_NUMBER_AADHAAR_OTP = OtpRoute(("abha-login", "aadhaar-verify"), "abha-number", "aadhaar")
BY_NUMBER_MOBILE_OTP = OtpRoute(("abha-login", "mobile-verify"), "abha-number", "abdm")
BY_MOBILE = OtpRoute(("abha-login", "mobile-verify"), "mobile", "abdm")
BY_AADHAAR = OtpRoute(("abha-login", "aadhaar-verify"), "aadhaar", "aadhaar")
ROUTES = (BY_NUMBER_AADHAAR_OTP, BY_NUMBER_MOBILE_OTP, BY_MOBILE, BY_AADHAAR)


class Login:
    def __init__(self, ledger: Ledger, key: EncryptionKey, tokens: UserTokens):
        self.ledger, self.key, self.tokens = ledger, key, tokens

    def routes(self) -> dict[tuple[str, str], Any]:
        return {
            ("POST", "/v3/profile/login/request/otp"): self.request_otp,
            ("POST", "/v3/profile/login/verify"): self.verify,
            ("POST", "/v3/profile/login/verify/user"): self.verify_user,
        }

    def request_otp(self, call: Call) -> dict[str, Any]:
        body = call.json()
        chosen = route(body, ROUTES)
        login_id = decrypted(self.key, body.get("loginId"), "loginId")
        if chosen is BY_MOBILE:
            to = mobile(login_id, "loginId")
            accounts = self.ledger.accounts_on(to)
            if not accounts:
                raise _not_found("No ABHA Number is linked to this mobile number")
        elif chosen is BY_AADHAAR:
            identity = aadhaar_holder(self.ledger.identities, login_id)
            account = self.ledger.account_of(identity)
            if account is None:
                raise _not_found("No ABHA Number exists for this Aadhaar number")
            accounts, to = [account], identity.aadhaar_mobile
        else:
            account = self._account(login_id)
            accounts, to = [account], login_mobile(account, chosen, "ABHA Number")
        transaction = self.ledger.open(LOGIN, candidates=accounts, login_hint=chosen.login_hint)
        return send_login_otp(self.ledger, transaction, chosen, to)

    def verify(self, call: Call) -> dict[str, Any]:
        transaction = verified_login(self.ledger, self.key, call.json(), LOGIN)
        numbers = [a.abha_number for a in transaction.candidates]
        kind = T_TOKEN if transaction.login_hint == "mobile" else X_TOKEN
        return {
            "txnId": transaction.id,
            "authResult": "success",
            "message": "OTP verified successfully",
            **self.tokens.grant(kind, numbers, transaction.id, self.ledger.clock()),
            "accounts": [_summary(a) for a in transaction.candidates],
        }

    def verify_user(self, call: Call) -> dict[str, Any]:
        """The account chosen among those on a mobile, for the T-token of that login."""
        issued = self.tokens.resolve(call.header(T_TOKEN), T_TOKEN, self.ledger.clock())
        body = call.json()
        transaction = self.ledger.transaction(body.get("txnId"), LOGIN)
        if issued.txn_id != transaction.id:
            raise unauthorized(INVALID_USER_TOKEN, T_TOKEN, "Invalid T-token", "the T-token is for another transaction")
        chosen = abha_number(text(body, "ABHANumber"))
        if chosen not in issued.abha_numbers:
            raise invalid("ABHANumber", "ABHANumber is not one of the accounts this login found on the mobile")
        return self.tokens.grant(X_TOKEN, [chosen], transaction.id, self.ledger.clock())

    def _account(self, login_id: str) -> AbhaAccount:
        number = abha_number(login_id)
        if number is None:
            raise invalid("loginId", "the ABHA number is not 14 digits (with or without hyphens as 91-XXXX-XXXX-XXXX)")
        account = self.ledger.accounts.get(number)
        if account is None:
            raise _not_found("ABHA Number not found")
        return account


def login_mobile(account: AbhaAccount, chosen: OtpRoute, what: str) -> str:
    """Where a login OTP to this account goes: the mobile Aadhaar holds for an Aadhaar OTP, else the account's."""
    if chosen.otp_system == "aadhaar":
        if "AADHAAR_OTP" not in account.auth_methods:
            raise unprocessable(AADHAAR_NOT_LINKED, f"This {what} is not linked with an Aadhaar number")
        return account.identity.aadhaar_mobile
    if account.mobile is None:
        raise unprocessable(MOBILE_NOT_LINKED, f"No verified mobile number is linked to this {what}")
    return account.mobile


def send_login_otp(ledger: Ledger, transaction: Transaction, chosen: OtpRoute, to: str) -> dict[str, Any]:
    """Text a login's OTP to the mobile `to` (UIDAI's SMS for an Aadhaar OTP, ABDM's otherwise): ABHA's answer."""
    if chosen.otp_system == "aadhaar":
        ledger.send_otp(transaction, "aadhaar-mobile", to, chosen.purpose)
        message = f"OTP is sent to Aadhaar registered mobile number ending with {masked(to)}"
    else:
        ledger.send_otp(transaction, "mobile", to, chosen.purpose)
        message = f"OTP is sent to Mobile number ending with {masked(to)}"
    return {"txnId": transaction.id, "message": message}


def verified_login(ledger: Ledger, key: EncryptionKey, body: Any, flow: str) -> Transaction:
    """The login transaction (of `flow`) whose OTP the verify body passes, under the scope it was sent for."""
    scope = scope_of(body)
    otp, value = otp_auth(body, key)
    transaction = ledger.transaction(otp.get("txnId"), flow)
    assert transaction.otp is not None  # a login transaction opens with its OTP
    purpose = transaction.otp.sent.purpose
    if scope != frozenset(purpose.split(",")):
        raise invalid("scope", f"scope {sorted(scope)} is not the scope the OTP was requested with ({purpose})")
    ledger.check_otp(transaction, purpose, value, txnId=transaction.id, authResult="failed")
    return transaction


def _not_found(message: str) -> Exception:
    return unprocessable(ABHA_NOT_FOUND, message)


def _summary(account: AbhaAccount) -> dict[str, Any]:
    return {
        "ABHANumber": account.abha_number,
        "preferredAbhaAddress": account.preferred_abha_address,
        "name": account.identity.name,
        "status": account.status,
        "profilePhoto": None,
        "mobileVerified": account.mobile is not None,
    }
