"""Verifying a patient by ABHA address: the PHR web login (VRFY_ABHA_102 by Aadhaar OTP, 202 by mobile OTP).

The desk searches the address for the sign-in methods it allows, has an OTP sent to the
mobile Aadhaar holds (aadhaar-verify) or to the account's mobile (mobile-verify), and
verifies it for an X-token of the PHR family: it opens the PHR profile of the address
logged in with (/v3/phr/web/login/profile/abha-profile), as NHA's FAQ Q21 tells
integrators, and no login by ABHA number opens that profile. Shapes: NHA's M1 API notes
(nha-in/docs, m1_*_phr_web_login_*); the transaction, its OTP and the token are the
ledger's and UserTokens', as for every other login.
"""

from __future__ import annotations

from typing import Any

from mocks.abha.crypto import EncryptionKey
from mocks.abha.errors import INVALID_USER_TOKEN, Refused, unauthorized
from mocks.abha.fields import OtpRoute, decrypted, masked, route, text
from mocks.abha.ledger import AbhaAccount, Ledger
from mocks.abha.login import login_mobile, send_login_otp, verified_login
from mocks.abha.messages import Call
from mocks.abha.tokens import X_TOKEN, UserTokens

USER_NOT_FOUND = "ABDM-1211"  # NHA's example: 400 "User not found." on phr/web/login/abha/search
BY_ADDRESS_AADHAAR_OTP = OtpRoute(("abha-address-login", "aadhaar-verify"), "abha-address", "aadhaar")
BY_ADDRESS_MOBILE_OTP = OtpRoute(("abha-address-login", "mobile-verify"), "abha-address", "abdm")
ROUTES = (BY_ADDRESS_AADHAAR_OTP, BY_ADDRESS_MOBILE_OTP)
ADDRESS_LOGIN = "address-login"  # its own transactions: a txnId of one login flow is no good on another's verify


class AddressLogin:
    def __init__(self, ledger: Ledger, key: EncryptionKey, tokens: UserTokens):
        self.ledger, self.key, self.tokens = ledger, key, tokens
        self._addresses: dict[str, str] = {}  # txnId → the ABHA address that login is for

    def routes(self) -> dict[tuple[str, str], Any]:
        return {
            ("POST", "/v3/phr/web/login/abha/search"): self.search,
            ("POST", "/v3/phr/web/login/abha/request/otp"): self.request_otp,
            ("POST", "/v3/phr/web/login/abha/verify"): self.verify,
            ("GET", "/v3/phr/web/login/profile/abha-profile"): self.profile,
        }

    def search(self, call: Call) -> dict[str, Any]:
        address = text(call.json(), "abhaAddress").lower()
        account = self._holder(address)
        return {
            "healthIdNumber": account.abha_number,
            "abhaAddress": address,
            "authMethods": account.auth_methods,
            "blockedAuthMethods": [],
            "status": account.status,
            "message": None,
            "fullName": account.identity.name,
            "mobile": masked(account.mobile) if account.mobile else None,
        }

    def request_otp(self, call: Call) -> dict[str, Any]:
        body = call.json()
        chosen = route(body, ROUTES)
        address = decrypted(self.key, body.get("loginId"), "loginId").lower()
        account = self._holder(address)
        to = login_mobile(account, chosen, "ABHA address")
        transaction = self.ledger.open(ADDRESS_LOGIN, candidates=[account], login_hint=chosen.login_hint)
        self._addresses[transaction.id] = address
        return send_login_otp(self.ledger, transaction, chosen, to)

    def verify(self, call: Call) -> dict[str, Any]:
        """The keys of NHA's v3 page (m1 "Verify OTP Aadhaar Number, mobile Number, verify via biometric", POST
        /abha/api/v3/phr/web/login/abha/verify): no txnId; each user with a profilePhoto, none here."""
        transaction = verified_login(self.ledger, self.key, call.json(), ADDRESS_LOGIN)
        (account,) = transaction.candidates
        return {
            "authResult": "success",
            "message": "OTP verified successfully",
            "users": [
                {
                    "abhaAddress": self._addresses[transaction.id],
                    "fullName": account.identity.name,
                    "profilePhoto": None,
                    "abhaNumber": account.abha_number,
                    "status": account.status,
                    "kycStatus": "VERIFIED",
                }
            ],
            "tokens": self.tokens.grant(X_TOKEN, [account.abha_number], transaction.id, self.ledger.clock()),
        }

    def profile(self, call: Call) -> dict[str, Any]:
        """The PHR profile of the address the X-token's login was for (NHA's example of abha-profile)."""
        issued = self.tokens.resolve(call.header(X_TOKEN), X_TOKEN, self.ledger.clock())
        address = self._addresses.get(issued.txn_id)
        if address is None:
            raise unauthorized(
                INVALID_USER_TOKEN, X_TOKEN, "Invalid X-token", "the X-token is not from a login by ABHA address"
            )
        account = self.ledger.accounts[issued.abha_numbers[0]]
        identity = account.identity
        year, month, day = identity.date_of_birth.split("-")
        return {
            "abhaAddress": address,
            "fullName": identity.name,
            "profilePhoto": None,
            "firstName": identity.first_name,
            "middleName": "",
            "lastName": identity.last_name,
            "dayOfBirth": day,
            "monthOfBirth": month,
            "yearOfBirth": year,
            "dateOfBirth": f"{day}-{month}-{year}",
            "gender": identity.gender,
            "email": None,
            "mobile": account.mobile,
            "abhaNumber": account.abha_number,
            "address": identity.address,
            "stateName": identity.state,
            "pinCode": identity.pincode,
            "stateCode": identity.state_code,
            "districtCode": identity.district_code,
            "authMethods": account.auth_methods,
            "status": account.status,
            "subDistrictCode": "",
            "subDistrictName": "",
            "emailVerified": "false",
            "mobileVerified": "true" if account.mobile else "false",
            "kycStatus": "VERIFIED",
        }

    def _holder(self, address: str) -> AbhaAccount:
        """The account holding this ABHA address (with its suffix, any case); refused as NHA's example does."""
        account = next((a for a in self.ledger.accounts.values() if address in a.abha_addresses), None)
        if account is None:
            raise Refused(
                400, {"code": USER_NOT_FOUND, "message": "User not found."}, None, f"no account holds {address!r}"
            )
        return account
