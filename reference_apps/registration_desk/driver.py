"""The desk's test driver: the harness does what the operator at the registration desk would —
create an ABHA number, verify one, type in the OTP the patient reads out — and reads back the
patient register and what the screen shows.

create-abha, create-abha-by-document, verify-abha and find-abha start a flow that goes on in the
background (the envelope is common/driver.py). Input the desk would refuse at entry is answered
400 and nothing goes to ABHA. Read-backs answer 200.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reference_apps.common.driver import PREFIX, DriverError, actions_route
from reference_apps.registration_desk.document_enrolment import create_abha_by_document
from reference_apps.registration_desk.enrolment import create_abha
from reference_apps.registration_desk.flow import NotAwaited
from reference_apps.registration_desk.retrieval import find_abha
from reference_apps.registration_desk.validation import ABHA_ADDRESS, abha_number, valid_aadhaar, valid_mobile
from reference_apps.registration_desk.verification import METHODS, verify_abha, verify_abha_address

if TYPE_CHECKING:
    from reference_apps.registration_desk.app import RegistrationDesk


def routes(desk: RegistrationDesk) -> list[Route]:
    return [
        actions_route({name: partial(action, desk) for name, action in ACTIONS.items()}),
        Route(PREFIX + "/patients", partial(_patients, desk), methods=["GET"]),
        Route(PREFIX + "/last-flow", partial(_last_flow, desk), methods=["GET"]),
    ]


MAX_WAIT_SECONDS = 30  # a read-back waits for the screen, never for ever
LICENCE_FIELDS = (
    "type",
    "number",
    "first_name",
    "dob",
    "gender",
    "address",
    "state",
    "district",
    "pin_code",
)


# ---- actions: each starts a flow or feeds the one under way, and leaves no work for later ----


def _create_abha(desk: RegistrationDesk, body: dict[str, Any]) -> None:
    aadhaar, mobile = _aadhaar(desk, body.get("aadhaar")), _mobile(body.get("mobile"))
    desk.start(partial(create_abha, desk, aadhaar=aadhaar, mobile=mobile))


def _create_abha_by_document(desk: RegistrationDesk, body: dict[str, Any]) -> None:
    mobile, licence = _mobile(body.get("mobile")), body.get("licence")
    if not isinstance(licence, dict) or not all(isinstance(licence.get(key), str) for key in LICENCE_FIELDS):
        raise DriverError(400, "INVALID_LICENCE", f"licence must name {', '.join(LICENCE_FIELDS)} as strings")
    if licence["type"] != "DRIVING_LICENCE" or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", licence["dob"], re.ASCII):
        raise DriverError(400, "INVALID_LICENCE", 'licence type must be "DRIVING_LICENCE" and dob YYYY-MM-DD')
    photos = {side: body.get(side) for side in ("front_photo", "back_photo")}
    if not all(isinstance(photo, str) and photo for photo in photos.values()):
        raise DriverError(400, "INVALID_PHOTO", "front_photo and back_photo must be the base64 of the licence's sides")
    desk.start(partial(create_abha_by_document, desk, mobile=mobile, licence=licence, **photos))


def _find_abha(desk: RegistrationDesk, body: dict[str, Any]) -> None:
    """By the patient's mobile or by their Aadhaar number, whichever the body names."""
    if "mobile" in body:
        login_hint, login_id = "mobile", _mobile(body["mobile"])
    else:
        login_hint, login_id = "aadhaar", _aadhaar(desk, body.get("aadhaar"))
    desk.start(partial(find_abha, desk, login_hint=login_hint, login_id=login_id))


def _aadhaar(desk: RegistrationDesk, aadhaar: Any) -> str:
    if not isinstance(aadhaar, str) or not (desk.defects.enabled("no_aadhaar_check") or valid_aadhaar(aadhaar)):
        raise DriverError(400, "INVALID_AADHAAR", "aadhaar must be 12 digits ending in a valid Verhoeff check digit")
    return aadhaar


def _mobile(mobile: Any) -> str:
    if not isinstance(mobile, str) or not valid_mobile(mobile):
        raise DriverError(400, "INVALID_MOBILE", "mobile must be 10 digits")
    return mobile


def _verify_abha(desk: RegistrationDesk, body: dict[str, Any]) -> None:
    """By the patient's ABHA number or by their ABHA address, whichever the body names."""
    method = body.get("method")
    if method not in METHODS:
        raise DriverError(400, "BAD_REQUEST", f"method must be {' or '.join(METHODS)}")
    if "abha_address" in body:
        address = body["abha_address"]
        if not isinstance(address, str) or not ABHA_ADDRESS.fullmatch(address):
            raise DriverError(400, "INVALID_ABHA_ADDRESS", "abha_address must be a name followed by @sbx or @abdm")
        desk.start(partial(verify_abha_address, desk, abha_address=address, method=method))
        return
    text = body.get("abha_number")
    allow_13_digits = desk.defects.enabled("accepts_13_digit_abha")
    number = abha_number(text, allow_13_digits=allow_13_digits) if isinstance(text, str) else None
    if number is None:
        raise DriverError(400, "INVALID_ABHA_NUMBER", "abha_number must be 14 digits, as such or as 91-XXXX-XXXX-XXXX")
    desk.start(partial(verify_abha, desk, abha_number=number, method=method))


def _enter_otp(desk: RegistrationDesk, body: dict[str, Any]) -> None:
    otp = body.get("otp")
    if not isinstance(otp, str) or not re.fullmatch(r"\d+", otp, re.ASCII):
        raise DriverError(400, "BAD_REQUEST", "otp must be a string of digits")
    _awaited(lambda: desk.flow.enter_otp(otp), "an OTP")


def _resend_otp(desk: RegistrationDesk, body: dict[str, Any]) -> None:
    _awaited(desk.flow.resend_otp, "an OTP")


def _select_account(desk: RegistrationDesk, body: dict[str, Any]) -> None:
    number = body.get("abha_number")
    if not isinstance(number, str):
        raise DriverError(400, "BAD_REQUEST", "abha_number must be one of the accounts the screen shows")
    _awaited(lambda: desk.flow.select_account(number), "an account to be selected")


def _awaited(enter: Callable[[], None], what: str) -> None:
    try:
        enter()
    except NotAwaited:
        raise DriverError(409, "NOT_AWAITED", f"No flow is waiting for {what}") from None


ACTIONS: dict[str, Callable[[RegistrationDesk, dict[str, Any]], None]] = {
    "create-abha": _create_abha,
    "verify-abha": _verify_abha,
    "create-abha-by-document": _create_abha_by_document,
    "find-abha": _find_abha,
    "enter-otp": _enter_otp,
    "resend-otp": _resend_otp,
    "select-account": _select_account,
}


# ---- read-backs ----


async def _patients(desk: RegistrationDesk, request: Request) -> Response:
    """GET /test-driver/patients: the register, in order of registration."""
    return JSONResponse(
        {
            "patients": [
                {
                    "patient_id": patient.patient_id,
                    "abha_number": patient.details.abha_number,
                    "abha_address": patient.details.abha_address,
                    "name": patient.details.name,
                    "gender": patient.details.gender,
                    "year_of_birth": patient.details.year_of_birth,
                    "mobile": patient.details.mobile,
                    "card_downloaded": patient.details.card_size > 0,
                }
                for patient in desk.patients.entries
            ]
        }
    )


async def _last_flow(desk: RegistrationDesk, request: Request) -> Response:
    """GET /test-driver/last-flow[?wait_seconds=N]: what the screen shows of the last flow started, once it
    stands still (up to N seconds, at most MAX_WAIT_SECONDS)."""
    try:
        seconds = min(float(request.query_params.get("wait_seconds", 0)), MAX_WAIT_SECONDS)
    except ValueError:
        return JSONResponse({"error": {"code": "BAD_REQUEST", "message": "wait_seconds must be a number"}}, 400)
    if seconds > 0:
        await desk.flow.settled(seconds)
    return JSONResponse(desk.flow.screen())
