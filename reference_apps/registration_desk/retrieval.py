"""Finding a patient's ABHA by their mobile or Aadhaar number (VRFY_ABHA_301–305, 401–405), with ABHA
v3's login API, for patients who do not know their ABHA number.

An OTP to the mobile (ABDM's SMS) or to the mobile Aadhaar holds proves the patient holds it.
A mobile may carry several ABHA numbers (a family phone): the login answers with all of them
and a T-token, the operator selects the patient's, and verify/user exchanges the T-token for
that account's X-token. An Aadhaar number has at most one ABHA, and its login answers with
the X-token at once. With the X-token the desk reads the profile and registers the patient.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from reference_apps.registration_desk.calls import ServiceError, field
from reference_apps.registration_desk.flow import Flow
from reference_apps.registration_desk.patients import Details
from reference_apps.registration_desk.verification import BY_ABHA_NUMBER, signed_in

if TYPE_CHECKING:
    from reference_apps.registration_desk.app import RegistrationDesk

VERIFY_USER = "/v3/profile/login/verify/user"
# loginHint → (the login, the OTP it takes)
LOGINS = {
    "mobile": (replace(BY_ABHA_NUMBER, login_hint="mobile"), "MOBILE_OTP"),
    "aadhaar": (replace(BY_ABHA_NUMBER, login_hint="aadhaar"), "AADHAAR_OTP"),
}


async def find_abha(desk: RegistrationDesk, flow: Flow, login_hint: str, login_id: str) -> None:
    abha = desk.abha
    login, method = LOGINS[login_hint]
    txn_id, verified = await signed_in(desk, flow, login, login_id, method)
    token = field(verified, *login.token)
    if login_hint == "mobile":
        chosen = await _chosen_account(flow, verified, desk.defects.enabled("picks_first_account"))
        flow.at("select-account")
        body = {"ABHANumber": chosen, "txnId": txn_id}
        token = field(await abha.post(VERIFY_USER, body, {"T-token": f"Bearer {token}"}), "token")

    flow.at("fetch-profile")
    profile = await abha.get(login.profile, {"X-token": f"Bearer {token}"})
    flow.at("register-patient")
    if desk.defects.enabled("never_registers_found_patient"):
        await asyncio.get_running_loop().create_future()  # stalls here for ever: the screen says in-progress
    desk.patients.register(Details.from_profile(profile))


async def _chosen_account(flow: Flow, verified: dict[str, Any], pick_first: bool) -> str:
    accounts = field(verified, "accounts")
    if not isinstance(accounts, list) or not all(isinstance(a, dict) and a.get("ABHANumber") for a in accounts):
        raise ServiceError(200, verified)
    if len(accounts) == 1 or pick_first:
        return accounts[0]["ABHANumber"]
    shown = [{key: a.get(key) for key in ("ABHANumber", "name", "preferredAbhaAddress")} for a in accounts]
    return await flow.account("select-account", shown)
