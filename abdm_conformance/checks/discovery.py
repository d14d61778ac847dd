"""Checks on the HIP's answer to a discovery request (USER_INIT_LINK_603, 604)."""

from __future__ import annotations

import json
from typing import Any

from abdm_conformance import protocol
from abdm_conformance.checks.exchanges import shorten
from abdm_conformance.checks.rules import CARE_CONTEXTS, HI_TYPE_GROUPS, NOT_FOUND, TRANSACTION_REUSED, CheckFailed
from abdm_conformance.config import TestPatient
from abdm_conformance.protocol import Api


def reuses_transaction_id(callback_body: Any, transaction_id: str, message: str) -> None:
    received = callback_body.get("transactionId") if isinstance(callback_body, dict) else None
    if received != transaction_id:
        raise CheckFailed(TRANSACTION_REUSED, f"{message} carries transactionId {received!r}, not {transaction_id!r}")


def offers_exactly_the_care_contexts(api: Api, callback_body: Any, patient: TestPatient) -> None:
    found = protocol.care_contexts_in(api, callback_body)
    if error := protocol.error_in(callback_body):
        raise CheckFailed(CARE_CONTEXTS, f"{patient.abha_address} was not found: {shorten(str(error))}")
    missing = [c.reference for c in patient.care_contexts if not any(f.matches(c, api) for f in found)]
    expected = {c.reference for c in patient.care_contexts}
    extra = [f.reference for f in found if f.reference not in expected]
    wrong_patient = {f.patient_reference for f in found} - {patient.reference}
    problems = []
    if missing:
        problems.append(f"missing or different: {', '.join(missing)}")
    if extra:
        problems.append(f"not the patient's: {', '.join(extra)}")
    if wrong_patient:
        problems.append(f"patient reference {', '.join(sorted(wrong_patient))} instead of {patient.reference}")
    if problems:
        raise CheckFailed(CARE_CONTEXTS, f"care contexts for {patient.abha_address}: {'; '.join(problems)}")


def groups_care_contexts_by_hi_type(callback_body: Any) -> None:
    groups = callback_body.get("patient") if isinstance(callback_body, dict) else None
    if not isinstance(groups, list) or not groups:
        raise CheckFailed(HI_TYPE_GROUPS, "on-discover has no list of patient entries")
    hi_types = [protocol.hi_type_of(g) for g in groups if isinstance(g, dict)]
    if len(set(hi_types)) != len(hi_types):
        raise CheckFailed(HI_TYPE_GROUPS, f"HI types repeat across patient entries: {hi_types}")
    for group in groups:
        contexts = group.get("careContexts") if isinstance(group, dict) else None
        count = group.get("count") if isinstance(group, dict) else None
        if not isinstance(contexts, list) or count != len(contexts):
            size = len(contexts) if isinstance(contexts, list) else "no"
            raise CheckFailed(
                HI_TYPE_GROUPS, f"entry {protocol.hi_type_of(group)!r} has count {count!r} but {size} care contexts"
            )


def reports_patient_not_found(callback_body: Any) -> None:
    patient = callback_body.get("patient") if isinstance(callback_body, dict) else None
    if patient:
        raise CheckFailed(
            NOT_FOUND, f"on-discover for a person the HIP does not hold offers {shorten(json.dumps(patient))}"
        )
    if not protocol.error_in(callback_body):
        raise CheckFailed(NOT_FOUND, "on-discover for a person the HIP does not hold carries no error")
