"""Creating an ABHA number by driving licence at the desk (CRT_ABHA_401–411), with ABHA v3's enrolment API.

The patient's mobile is proven by an OTP (request/otp and auth/byAbdm, with the dl-flow scope);
then the licence's details as printed on it, and photos of its two sides, go to enrol/byDocument.
ABHA answers with a PROVISIONAL enrolment (its staff verify the document later), under which the
patient is registered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reference_apps.registration_desk.calls import section
from reference_apps.registration_desk.enrolment import consent, verify_mobile
from reference_apps.registration_desk.flow import Flow
from reference_apps.registration_desk.patients import Details

if TYPE_CHECKING:
    from reference_apps.registration_desk.app import RegistrationDesk

ENROL_BY_DOCUMENT = "/v3/enrollment/enrol/byDocument"
DL_FLOW = ["abha-enrol", "mobile-verify", "dl-flow"]


async def create_abha_by_document(
    desk: RegistrationDesk, flow: Flow, mobile: str, licence: dict[str, str], front_photo: str, back_photo: str
) -> None:
    abha, defects = desk.abha, desk.defects
    scope = DL_FLOW[:2] if defects.enabled("no_dl_flow_scope") else DL_FLOW
    txn_id = "" if defects.enabled("skips_mobile_verification") else await verify_mobile(abha, flow, "", mobile, scope)

    flow.at("enrol-by-document")
    photos = {"frontSidePhoto": front_photo, "backSidePhoto": back_photo}
    if defects.enabled("omits_back_photo"):
        del photos["backSidePhoto"]
    body = {
        "txnId": txn_id,
        **_as_printed(licence),
        **photos,
        "consent": consent(defects),
    }
    enrolled = section(await abha.post(ENROL_BY_DOCUMENT, body), "EnrolProfile")
    flow.at("register-patient")
    desk.patients.register(Details.from_enrolment_profile(enrolled, mobile))


def _as_printed(licence: dict[str, str]) -> dict[str, Any]:
    """The licence's details in byDocument's names."""
    return {
        "documentType": licence["type"],
        "documentId": licence["number"],
        "firstName": licence["first_name"],
        "middleName": licence.get("middle_name", ""),
        "lastName": licence.get("last_name", ""),
        "dob": licence["dob"],
        "gender": licence["gender"],
        "address": licence["address"],
        "state": licence["state"],
        "district": licence["district"],
        "pinCode": licence["pin_code"],
    }
