"""The HIU's test driver: the harness does what a user at the HIU's front desk would — find a
patient, request consent, check its status — and reads back what the HIU holds and would show.

Actions run in the background, like the front desk's buttons (the envelope is common/driver.py);
read-backs answer 200.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timezone
from functools import partial
from typing import TYPE_CHECKING, Any

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reference_apps.common.background import later
from reference_apps.common.driver import PREFIX, DriverError, actions_route, api_version
from reference_apps.common.headers import iso_timestamp
from reference_apps.hiu.store import DateRange
from reference_apps.hiu.versions import PURPOSES, VERSIONS, ConsentAsk

if TYPE_CHECKING:
    from reference_apps.hiu.app import ReferenceHiu

ABHA_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+")
# ABDM's HI types (v0.5's HITypeEnum; v3 adds Invoice).
HI_TYPES = (
    "OPConsultation",
    "Prescription",
    "DischargeSummary",
    "DiagnosticReport",
    "ImmunizationRecord",
    "HealthDocumentRecord",
    "WellnessRecord",
    "Invoice",
)


def routes(hiu: ReferenceHiu) -> list[Route]:
    return [
        actions_route({name: partial(action, hiu) for name, action in ACTIONS.items()}),
        Route(PREFIX + "/consent-requests", partial(_consent_requests, hiu), methods=["GET"]),
        Route(PREFIX + "/patients/{abha_address}", partial(_patient, hiu), methods=["GET"]),
        Route(PREFIX + "/records/{abha_address}", partial(_records, hiu), methods=["GET"]),
    ]


# ---- actions ----


def _find_patient(hiu: ReferenceHiu, body: dict[str, Any]) -> BackgroundTask:
    version = api_version(body, VERSIONS)
    if version.find_patient_path is None:
        raise DriverError(400, "UNSUPPORTED", f"{version.name} has no patient find")
    abha_address = _abha_address(body)
    return later(hiu.find_patient, version, abha_address)


def _request_consent(hiu: ReferenceHiu, body: dict[str, Any]) -> BackgroundTask:
    version = api_version(body, VERSIONS)
    purpose_code = body.get("purpose_code")
    if purpose_code not in PURPOSES:
        raise DriverError(400, "BAD_REQUEST", f"purpose_code must be one of {', '.join(PURPOSES)}")
    hi_types = body.get("hi_types")
    if not isinstance(hi_types, list) or not hi_types or not all(t in HI_TYPES for t in hi_types):
        raise DriverError(400, "BAD_REQUEST", f"hi_types must list some of {', '.join(HI_TYPES)}")
    date_range = DateRange(_moment(body, "date_from"), _moment(body, "date_to"))
    if date_range.start > date_range.end:
        raise DriverError(400, "BAD_REQUEST", "date_from must not be after date_to")
    ask = ConsentAsk(
        abha_address=_abha_address(body),
        purpose_code=purpose_code,
        hi_types=tuple(dict.fromkeys(hi_types)),
        date_range=date_range,
        data_erase_at=_moment(body, "data_erase_at"),
    )
    return later(hiu.request_consent, version, ask)


def _check_consent_status(hiu: ReferenceHiu, body: dict[str, Any]) -> BackgroundTask:
    version = api_version(body, VERSIONS)
    consent_request_id = body.get("consent_request_id")
    if not isinstance(consent_request_id, str) or not consent_request_id:
        raise DriverError(400, "BAD_REQUEST", "consent_request_id must be a non-empty string")
    if hiu.store.consent_request(consent_request_id) is None:
        raise DriverError(404, "UNKNOWN_CONSENT_REQUEST", f"No consent request {consent_request_id!r}")
    return later(hiu.check_consent_status, version, consent_request_id)


ACTIONS: dict[str, Callable[[ReferenceHiu, dict[str, Any]], BackgroundTask]] = {
    "find-patient": _find_patient,
    "request-consent": _request_consent,
    "check-consent-status": _check_consent_status,
}


def _abha_address(body: dict[str, Any]) -> str:
    abha_address = body.get("abha_address")
    if not isinstance(abha_address, str) or not ABHA_ADDRESS.fullmatch(abha_address):
        raise DriverError(400, "BAD_REQUEST", "abha_address must be an ABHA address such as name@sbx")
    return abha_address


def _moment(body: dict[str, Any], key: str) -> datetime:
    text = body.get(key)
    try:
        if not isinstance(text, str):
            raise ValueError
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise DriverError(400, "BAD_REQUEST", f"{key} must be an ISO-8601 date-time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # ABDM's clock is UTC


# ---- read-backs ----


async def _consent_requests(hiu: ReferenceHiu, request: Request) -> Response:
    """GET /test-driver/consent-requests: every consent request made, oldest first."""
    return JSONResponse(
        {
            "consent_requests": [
                {
                    "id": r.id,
                    "abha_address": r.abha_address,
                    "created_at": iso_timestamp(r.created_at),
                    "data_erase_at": iso_timestamp(r.data_erase_at),
                    "status": r.status,
                    "artefacts": list(r.artefact_ids),
                    "hi_types": list(r.hi_types),
                }
                for r in hiu.store.consent_requests
            ]
        }
    )


async def _patient(hiu: ReferenceHiu, request: Request) -> Response:
    """GET /test-driver/patients/{abha_address}: the answer to the last find (nulls until it came)."""
    abha_address = request.path_params["abha_address"]
    lookup = hiu.store.patients.get(abha_address.lower())
    found, name = (lookup.found, lookup.name) if lookup else (None, None)
    return JSONResponse({"abha_address": abha_address, "found": found, "name": name})


async def _records(hiu: ReferenceHiu, request: Request) -> Response:
    """GET /test-driver/records/{abha_address}: the records the HIU would show for the patient now."""
    return JSONResponse(
        {
            "records": [
                {
                    "consent_id": record.consent_id,
                    "care_context_reference": record.care_context_reference,
                    "hi_type": record.hi_type,
                    "bundle": record.bundle,
                }
                for record in hiu.viewable_records(request.path_params["abha_address"])
            ]
        }
    )
