"""Which records a health-information request receives: ABDM's consent rules for the HIP.

A request is served only under a consent artefact the HIP holds, granted, not past its
dataEraseAt (expired even if no EXPIRED notification came), and for a date range inside
the consented one. It receives the consented care contexts that are the patient's, of a
consented HI type, dated within the requested range.
"""

from __future__ import annotations

from datetime import datetime, timezone

from reference_apps.common.defects import Defects
from reference_apps.common.problems import Problem
from reference_apps.hip.problems import (
    CONSENT_EXPIRED,
    CONSENT_NOT_GRANTED,
    DATE_RANGE_NOT_CONSENTED,
    UNKNOWN_CONSENT,
    Declined,
)
from reference_apps.hip.store import CareContext, Consent, ConsentedCareContext, Patient, Store
from reference_apps.hip.versions import HealthInformationRequest

Record = tuple[Patient, CareContext]


def records_for(request: HealthInformationRequest, store: Store, defects: Defects) -> list[Record]:
    """The records the request receives, in the consent's order; Declined if it receives none."""
    consent = _consent(request, store, defects)
    if consent.expired(datetime.now(timezone.utc)) and not defects.enabled("serves_after_expiry"):
        raise Declined(CONSENT_EXPIRED)
    if not consent.date_range.covers(request.date_range) and not defects.enabled("ignores_consent_date_range"):
        raise Declined(DATE_RANGE_NOT_CONSENTED)
    return [record for record in _consented(consent, store, defects) if request.date_range.touches(record[1].date)]


def _consent(request: HealthInformationRequest, store: Store, defects: Defects) -> Consent:
    consent = store.consents.get(request.consent_id)
    if consent is not None:
        return consent
    ended = store.ended_consents.get(request.consent_id)
    if ended == "EXPIRED":
        raise Declined(CONSENT_EXPIRED)
    if ended is not None:
        raise Declined(Problem(CONSENT_NOT_GRANTED, f"The consent artefact is {ended}, not granted"))
    if defects.enabled("acks_unknown_consent"):
        return _everything_of(store.patients[0], request)
    raise Declined(UNKNOWN_CONSENT)


def _consented(consent: Consent, store: Store, defects: Defects) -> list[Record]:
    if defects.enabled("pushes_unconsented_hi_type"):
        patients = (store.patient(c.patient_reference) for c in consent.care_contexts)
        return list(dict.fromkeys((p, c) for p in patients if p is not None for c in p.care_contexts))
    records = (store.consented_record(consent.abha_address, c) for c in dict.fromkeys(consent.care_contexts))
    return [record for record in records if record is not None and record[1].hi_type in consent.hi_types]


def _everything_of(patient: Patient, request: HealthInformationRequest) -> Consent:
    """The consent the acks_unknown_consent defect imagines: all the patient's records."""
    return Consent(
        consent_id=request.consent_id,
        abha_address=patient.abha_address,
        care_contexts=tuple(ConsentedCareContext(patient.reference, c.reference) for c in patient.care_contexts),
        hi_types=frozenset(c.hi_type for c in patient.care_contexts),
        date_range=request.date_range,
        data_erase_at=datetime.max.replace(tzinfo=timezone.utc),
        hiu_id=None,
    )
