"""Creating an ABHA number by Aadhaar OTP at the desk (CRT_ABHA_101–114), with ABHA v3's enrolment API.

Aadhaar OTP → enrolment by Aadhaar with the patient's consent → the communication mobile
verified by OTP when it is not the one Aadhaar holds → an ABHA address from ABHA's
suggestions → the ABHA card → the patient registered. Each answer's txnId carries the
enrolment on to the next call.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from reference_apps.common.defects import Defects
from reference_apps.registration_desk.abha_client import AbhaClient
from reference_apps.registration_desk.calls import ServiceError, field, passed, section
from reference_apps.registration_desk.flow import Flow
from reference_apps.registration_desk.patients import Details

if TYPE_CHECKING:
    from reference_apps.registration_desk.app import RegistrationDesk

REQUEST_OTP = "/v3/enrollment/request/otp"
ENROL_BY_AADHAAR = "/v3/enrollment/enrol/byAadhaar"
VERIFY_BY_ABDM = "/v3/enrollment/auth/byAbdm"
SUGGESTIONS = "/v3/enrollment/enrol/suggestion"
CREATE_ADDRESS = "/v3/enrollment/enrol/abha-address"
CARD = "/v3/profile/account/abha-card"
MOBILE_VERIFY = ["abha-enrol", "mobile-verify"]
CONSENT_CODE = "abha-enrollment"
CONSENT_VERSION = "1.4"  # the version of the consent text ABHA publishes, which the patient agreed to


async def create_abha(desk: RegistrationDesk, flow: Flow, aadhaar: str, mobile: str) -> None:
    abha, defects = desk.abha, desk.defects
    flow.at("request-aadhaar-otp")  # encrypting fetches ABHA's certificate: a call of its own
    login_id = aadhaar if defects.enabled("sends_aadhaar_unencrypted") else await abha.encrypt(aadhaar)
    body = {"txnId": "", "scope": ["abha-enrol"], "loginHint": "aadhaar", "loginId": login_id, "otpSystem": "aadhaar"}
    if defects.enabled("omits_otp_system"):
        del body["otpSystem"]
    _, txn_id, otp = await flow.otp(
        "request-aadhaar-otp", "enter-aadhaar-otp", lambda: abha.request_otp(REQUEST_OTP, body)
    )

    flow.at("enrol-by-aadhaar")
    otp_data = {"txnId": txn_id, "otpValue": await abha.otp_value(otp), "mobile": mobile, "timeStamp": _otp_time()}
    body = {"authData": {"authMethods": ["otp"], "otp": otp_data}, "consent": consent(defects)}
    enrolled = await abha.post(ENROL_BY_AADHAAR, body)
    x_token, profile = _x_token(enrolled), section(enrolled, "ABHAProfile")
    txn_id = enrolled.get("txnId") or txn_id

    # The mobile Aadhaar holds was proven by the Aadhaar OTP; any other must be proven by its own.
    if profile.get("mobile") != mobile and not defects.enabled("skips_mobile_verification"):
        txn_id = await verify_mobile(abha, flow, txn_id, mobile)

    if defects.enabled("no_address_suggestions"):
        chosen = _own_address(profile)
    else:
        flow.at("address-suggestions")
        chosen = _first_suggestion(await abha.get(SUGGESTIONS, {"TRANSACTION_ID": txn_id}))
    flow.at("create-abha-address")
    created = await abha.post(CREATE_ADDRESS, {"txnId": txn_id, "abhaAddress": chosen, "preferred": 1})
    address = field(created, "preferredAbhaAddress")

    card_size = 0
    if not defects.enabled("no_card_download"):
        flow.at("download-abha-card")
        card_size = len(await abha.get_content(CARD, {"X-token": f"Bearer {x_token}"}))

    flow.at("register-patient")
    desk.patients.register(Details.from_profile(profile, abha_address=address, mobile=mobile, card_size=card_size))


async def verify_mobile(
    abha: AbhaClient, flow: Flow, txn_id: str, mobile: str, scope: list[str] = MOBILE_VERIFY
) -> str:
    """Prove the communication mobile by an OTP sent to it (under `txn_id` of the enrolment, or "" to start
    one); the enrolment's txnId after."""
    flow.at("request-mobile-otp")
    body = {
        "txnId": txn_id,
        "scope": scope,
        "loginHint": "mobile",
        "loginId": await abha.encrypt(mobile),
        "otpSystem": "abdm",
    }
    _, txn_id, otp = await flow.otp(
        "request-mobile-otp", "enter-mobile-otp", lambda: abha.request_otp(REQUEST_OTP, body)
    )

    flow.at("verify-mobile-otp")
    otp_data = {"txnId": txn_id, "otpValue": await abha.otp_value(otp), "timeStamp": _otp_time()}
    body = {"scope": scope, "authData": {"authMethods": ["otp"], "otp": otp_data}}
    verified = passed(await abha.post(VERIFY_BY_ABDM, body))
    return verified.get("txnId") or txn_id


def consent(defects: Defects) -> dict[str, str]:
    """The patient's consent to enrolment, as ABHA records it: the code and version of the text they agreed to."""
    return {"code": CONSENT_CODE, "version": "1.0" if defects.enabled("wrong_consent_version") else CONSENT_VERSION}


def _otp_time() -> str:
    """When the OTP was entered, as the enrolment spec writes it: YYYY-MM-DD HH:mm:ss (not ISO 8601)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def _x_token(enrolled: dict[str, Any]) -> str:
    """The patient's X-token, which the profile calls (the ABHA card) need."""
    tokens = section(enrolled, "tokens")
    # NHA's documents name it token (the v3 pages) and id_token (the enrolment spec's example).
    token = tokens.get("token") or tokens.get("id_token")
    if not isinstance(token, str):
        raise ServiceError(200, enrolled)
    return token


def _first_suggestion(suggested: dict[str, Any]) -> str:
    addresses = field(suggested, "abhaAddressList")
    if not isinstance(addresses, list) or not addresses or not isinstance(addresses[0], str):
        raise ServiceError(200, suggested)
    return addresses[0]


def _own_address(profile: dict[str, Any]) -> str:
    """Only for the no_address_suggestions defect: names and year of birth run together."""
    names = "".join(str(profile.get(key) or "") for key in ("firstName", "lastName"))
    year = re.sub(r"\D", "", str(profile.get("dob") or ""))[-4:]
    return re.sub(r"[^a-z0-9]", "", names.lower())[:14] + year
