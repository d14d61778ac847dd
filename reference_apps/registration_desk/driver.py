"""The test driver: the test build's own control port, through which the harness does what the
operator at the registration desk would — create an ABHA number, verify one, type in the OTP the
patient reads out — and reads back the patient register and what the screen shows.

Actions answer 202 {"accepted": true}; create-abha and verify-abha start a flow that goes on
in the background. Input the desk would refuse at entry is answered 400 and nothing goes to
ABHA. Read-backs answer 200. Errors are {"error": {"code", "message"}}. It asks for no token.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reference_apps.registration_desk.enrolment import create_abha
from reference_apps.registration_desk.flow import NoPendingOtp
from reference_apps.registration_desk.validation import abha_number, valid_aadhaar, valid_mobile
from reference_apps.registration_desk.verification import METHODS, verify_abha

if TYPE_CHECKING:
    from reference_apps.registration_desk.app import RegistrationDesk

PREFIX = "/test-driver"


class DriverError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def routes(desk: RegistrationDesk) -> list[Route]:
    return [
        Route(PREFIX + "/actions/{action}", partial(_action, desk), methods=["POST"]),
        Route(PREFIX + "/patients", partial(_patients, desk), methods=["GET"]),
        Route(PREFIX + "/last-flow", partial(_last_flow, desk), methods=["GET"]),
    ]


# ---- actions ----


async def _action(desk: RegistrationDesk, request: Request) -> Response:
    """POST /test-driver/actions/{action}"""
    action = ACTIONS.get(request.path_params["action"])
    try:
        if action is None:
            raise DriverError(404, "UNKNOWN_ACTION", f"No test-driver action {request.path_params['action']!r}")
        try:
            body = json.loads(await request.body())
        except ValueError:
            raise DriverError(400, "BAD_REQUEST", "The body must be JSON") from None
        if not isinstance(body, dict):
            raise DriverError(400, "BAD_REQUEST", "The body must be a JSON object")
        action(desk, body)
    except DriverError as error:
        return JSONResponse({"error": {"code": error.code, "message": error.message}}, status_code=error.status)
    return JSONResponse({"accepted": True}, status_code=202)


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
    """GET /test-driver/last-flow: what the screen shows of the last flow started."""
    return JSONResponse(desk.flow.screen())
