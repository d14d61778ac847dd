"""Verifying a returning patient's ABHA number by OTP (VRFY_ABHA_101/102), with ABHA v3's login API.

The OTP goes to the mobile Aadhaar holds (AADHAAR_OTP) or the one ABHA holds (MOBILE_OTP);
the login's X-token then reads the patient's profile, from which the patient is registered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reference_apps.registration_desk.calls import field, passed
from reference_apps.registration_desk.flow import Flow
from reference_apps.registration_desk.patients import Details

if TYPE_CHECKING:
    from reference_apps.registration_desk.app import RegistrationDesk

REQUEST_OTP = "/v3/profile/login/request/otp"
VERIFY = "/v3/profile/login/verify"
PROFILE = "/v3/profile/account"
# method → (scope, otpSystem)
METHODS = {
    "AADHAAR_OTP": (["abha-login", "aadhaar-verify"], "aadhaar"),
    "MOBILE_OTP": (["abha-login", "mobile-verify"], "abdm"),
}


async def verify_abha(desk: RegistrationDesk, flow: Flow, abha_number: str, method: str) -> None:
    abha = desk.abha
    scope, otp_system = METHODS[method]
    flow.at("request-login-otp")
    login_id = await abha.encrypt(abha_number)
    body = {"scope": scope, "loginHint": "abha-number", "loginId": login_id, "otpSystem": otp_system}
    txn_id = field(await abha.post(REQUEST_OTP, body), "txnId")

    otp = await flow.otp("enter-login-otp")
    flow.at("verify-login-otp")
    otp_data = {"txnId": txn_id, "otpValue": await abha.otp_value(otp)}
    verified = passed(await abha.post(VERIFY, {"scope": scope, "authData": {"authMethods": ["otp"], "otp": otp_data}}))

    flow.at("fetch-profile")
    profile = await abha.get(PROFILE, {"X-token": f"Bearer {field(verified, 'token')}"})
    flow.at("register-patient")
    desk.patients.register(Details.from_profile(profile))
