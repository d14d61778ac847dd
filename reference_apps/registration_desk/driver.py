"""The desk's test driver: the harness does what the operator at the registration desk would —
create an ABHA number, verify one, type in the OTP the patient reads out — and reads back the
patient register and what the screen shows.

create-abha and verify-abha start a flow that goes on in the background (the envelope is
common/driver.py). Input the desk would refuse at entry is answered 400 and nothing goes to
ABHA. Read-backs answer 200.
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
from reference_apps.registration_desk.enrolment import create_abha
from reference_apps.registration_desk.flow import NoPendingOtp
from reference_apps.registration_desk.validation import abha_number, valid_aadhaar, valid_mobile
from reference_apps.registration_desk.verification import METHODS, verify_abha

if TYPE_CHECKING:
    from reference_apps.registration_desk.app import RegistrationDesk


def routes(desk: RegistrationDesk) -> list[Route]:
    return [
        actions_route({name: partial(action, desk) for name, action in ACTIONS.items()}),
        Route(PREFIX + "/patients", partial(_patients, desk), methods=["GET"]),
        Route(PREFIX + "/last-flow", partial(_last_flow, desk), methods=["GET"]),
    ]


MAX_WAIT_SECONDS = 30  # a read-back waits for the screen, never for ever


# ---- actions: each starts a flow or feeds the one under way, and leaves no work for later ----


def _create_abha(desk: RegistrationDesk, body: dict[str, Any]) -> None:
    aadhaar, mobile = body.get("aadhaar"), body.get("mobile")
    if not isinstance(aadhaar, str) or not (desk.defects.enabled("no_aadhaar_check") or valid_aadhaar(aadhaar)):
        raise DriverError(400, "INVALID_AADHAAR", "aadhaar must be 12 digits ending in a valid Verhoeff check digit")
    if not isinstance(mobile, str) or not valid_mobile(mobile):
        raise DriverError(400, "INVALID_MOBILE", "mobile must be 10 digits")
    desk.start(partial(create_abha, desk, aadhaar=aadhaar, mobile=mobile))


def _verify_abha(desk: RegistrationDesk, body: dict[str, Any]) -> None:
    text, method = body.get("abha_number"), body.get("method")
    allow_13_digits = desk.defects.enabled("accepts_13_digit_abha")
    number = abha_number(text, allow_13_digits=allow_13_digits) if isinstance(text, str) else None
    if number is None:
        raise DriverError(400, "INVALID_ABHA_NUMBER", "abha_number must be 14 digits, as such or as 91-XXXX-XXXX-XXXX")
    if method not in METHODS:
        raise DriverError(400, "BAD_REQUEST", f"method must be {' or '.join(METHODS)}")
    desk.start(partial(verify_abha, desk, abha_number=number, method=method))


def _enter_otp(desk: RegistrationDesk, body: dict[str, Any]) -> None:
    otp = body.get("otp")
    if not isinstance(otp, str) or not re.fullmatch(r"\d+", otp, re.ASCII):
        raise DriverError(400, "BAD_REQUEST", "otp must be a string of digits")
    try:
        desk.flow.enter_otp(otp)
    except NoPendingOtp:
        raise DriverError(409, "NO_PENDING_OTP", "No flow is waiting for an OTP") from None


ACTIONS: dict[str, Callable[[RegistrationDesk, dict[str, Any]], None]] = {
    "create-abha": _create_abha,
    "verify-abha": _verify_abha,
    "enter-otp": _enter_otp,
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
