"""The signed-in account: profile, ABHA card and QR code (abdm-api.md §4.3; CRT_ABHA_114).

Each call carries the account's X-token from byAadhaar, login/verify or verify/user.
The QR content follows the keys of the ABHA QR code (hidn, hid, name, gender, dob …),
which an app reading it for VRFY_ABHA_501 expects.
"""

from __future__ import annotations

from typing import Any

from mocks.abha.images import png
from mocks.abha.ledger import AbhaAccount, Ledger
from mocks.abha.messages import AbhaAnswer, Call
from mocks.abha.tokens import X_TOKEN, UserTokens

CARD_WIDTH_MODULES = 34  # a card is wider than it is tall


class Profile:
    def __init__(self, ledger: Ledger, tokens: UserTokens):
        self.ledger, self.tokens = ledger, tokens

    def routes(self) -> dict[tuple[str, str], Any]:
        return {
            ("GET", "/v3/profile/account"): self.account,
            ("GET", "/v3/profile/account/abha-card"): self.abha_card,
            ("GET", "/v3/profile/account/qrCode"): self.qr_code,
        }

    def account(self, call: Call) -> dict[str, Any]:
        account = self._signed_in(call)
        identity = account.identity
        year, month, day = identity.date_of_birth.split("-")
        return {
            "ABHANumber": account.abha_number,
            "preferredAbhaAddress": account.preferred_abha_address,
            "mobile": account.mobile,
            "firstName": identity.first_name,
            "middleName": "",
            "lastName": identity.last_name,
            "name": identity.name,
            "yearOfBirth": year,
            "monthOfBirth": str(int(month)),
            "dayOfBirth": str(int(day)),
            "gender": identity.gender,
            "profilePhoto": None,
            "status": account.status,
            "stateCode": identity.state_code,
            "districtCode": identity.district_code,
            "stateName": identity.state,
            "districtName": identity.district,
            "address": identity.address,
            "pincode": identity.pincode,
            "email": None,
            "abhaType": "STANDARD",
            "kycVerified": account.licence is None,  # a licence enrolment stays unverified (PROVISIONAL)
            "authMethods": account.auth_methods,
        }

    def abha_card(self, call: Call) -> AbhaAnswer:
        """The card carries what CRT_ABHA_114 names: ABHA number and address, name, DOB and gender."""
        return AbhaAnswer(200, "image/png", png(_qr_content(self._signed_in(call)), CARD_WIDTH_MODULES))

    def qr_code(self, call: Call) -> AbhaAnswer:
        return AbhaAnswer(200, "image/png", png(_qr_content(self._signed_in(call))))

    def _signed_in(self, call: Call) -> AbhaAccount:
        issued = self.tokens.resolve(call.header(X_TOKEN), X_TOKEN, self.ledger.clock())
        return self.ledger.accounts[issued.abha_numbers[0]]


def _qr_content(account: AbhaAccount) -> dict[str, Any]:
    identity = account.identity
    year, month, day = identity.date_of_birth.split("-")
    return {
        "hidn": account.abha_number,
        "hid": account.preferred_abha_address,
        "name": identity.name,
        "gender": identity.gender,
        "dob": f"{int(day)}/{int(month)}/{year}",
        "mobile": account.mobile,
        "address": identity.address,
        "distlgd": identity.district_code,
        "statelgd": identity.state_code,
    }
