"""Verifying a returning patient by OTP, with ABHA v3's logins: by ABHA number (VRFY_ABHA_101/201) or by
ABHA address (VRFY_ABHA_102/202, the PHR web login).

The OTP goes to the mobile Aadhaar holds (AADHAAR_OTP) or the one ABHA holds (MOBILE_OTP);
the login's X-token then reads the patient's profile, from which the patient is registered.
An ABHA address is first searched for the sign-in methods it allows, and its X-token reads
the PHR profile of that address: /v3/profile/account does not take it (NHA's FAQ Q21).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reference_apps.registration_desk.calls import ServiceError, field, passed
from reference_apps.registration_desk.flow import Flow
from reference_apps.registration_desk.patients import Details

if TYPE_CHECKING:
    from reference_apps.registration_desk.app import RegistrationDesk

# method → (what the OTP verifies, the scope's second part; otpSystem)
METHODS = {
    "AADHAAR_OTP": ("aadhaar-verify", "aadhaar"),
    "MOBILE_OTP": ("mobile-verify", "abdm"),
}
ADDRESS_SEARCH = "/v3/phr/web/login/abha/search"


@dataclass(frozen=True)
class Login:
    """One of ABHA's OTP logins, as the desk walks it: request the OTP, verify it, read the profile."""

    scope: str  # the scope's first part
    login_hint: str
    request_otp: str
    verify: str
    profile: str
    token: tuple[str, ...]  # where the verify answer carries the X-token


BY_ABHA_NUMBER = Login(
    "abha-login",
    "abha-number",
    "/v3/profile/login/request/otp",
    "/v3/profile/login/verify",
    "/v3/profile/account",
    ("token",),
)
BY_ABHA_ADDRESS = Login(
    "abha-address-login",
    "abha-address",
    "/v3/phr/web/login/abha/request/otp",
    "/v3/phr/web/login/abha/verify",
    "/v3/phr/web/login/profile/abha-profile",
    ("tokens", "token"),
)


async def verify_abha(desk: RegistrationDesk, flow: Flow, abha_number: str, method: str) -> None:
    profile = await _signed_in_profile(desk, flow, BY_ABHA_NUMBER, abha_number, method)
    flow.at("register-patient")
    desk.patients.register(Details.from_profile(profile))


async def verify_abha_address(desk: RegistrationDesk, flow: Flow, abha_address: str, method: str) -> None:
    flow.at("search-abha-address")
    found = await desk.abha.post(ADDRESS_SEARCH, {"abhaAddress": abha_address})
    offered, blocked = field(found, "authMethods"), found.get("blockedAuthMethods") or []
    if not isinstance(offered, list) or method not in offered or method in blocked:
        raise ServiceError(200, found)  # ABHA would refuse the OTP: the screen shows what the address allows
    profile = await _signed_in_profile(desk, flow, BY_ABHA_ADDRESS, abha_address, method)
    flow.at("register-patient")
    desk.patients.register(Details.from_phr_profile(profile))


async def _signed_in_profile(
    desk: RegistrationDesk, flow: Flow, login: Login, login_id: str, method: str
) -> dict[str, Any]:
    """The profile the login's X-token reads, once the patient's OTP has passed."""
    _, verified = await signed_in(desk, flow, login, login_id, method)
    flow.at("fetch-profile")
    return await desk.abha.get(login.profile, {"X-token": f"Bearer {field(verified, *login.token)}"})


async def signed_in(
    desk: RegistrationDesk, flow: Flow, login: Login, login_id: str, method: str
) -> tuple[str, dict[str, Any]]:
    """The txnId and ABHA's answer once the OTP the patient read out has passed. The OTP is asked for
    again each time the operator has it resent, and verified under the txnId of the request that sent it."""
    abha, defects = desk.abha, desk.defects
    verifies, otp_system = METHODS[method]
    scope = [login.scope, verifies]
    plain = login.login_hint == "aadhaar" and defects.enabled("sends_aadhaar_unencrypted")
    flow.at("request-login-otp")  # encrypting fetches ABHA's certificate: a call of its own
    body = {
        "scope": scope,
        "loginHint": login.login_hint,
        "loginId": login_id if plain else await abha.encrypt(login_id),
        "otpSystem": otp_system,
    }
    first_txn_id, txn_id, otp = await flow.otp(
        "request-login-otp", "enter-login-otp", lambda: abha.request_otp(login.request_otp, body)
    )
    if defects.enabled("resend_keeps_first_transaction"):
        txn_id = first_txn_id

    flow.at("verify-login-otp")
    otp_data = {"txnId": txn_id, "otpValue": await abha.otp_value(otp)}
    verify = {"scope": scope, "authData": {"authMethods": ["otp"], "otp": otp_data}}
    return txn_id, passed(await abha.post(login.verify, verify))
