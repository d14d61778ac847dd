"""Checks on requests the app makes of the gateway when asked to act (HIP_INIT_NOTIFY_HIECM)."""

from __future__ import annotations

import re
from typing import Any

from abdm_conformance import protocol
from abdm_conformance.checks.exchanges import acknowledged, shorten
from abdm_conformance.checks.rules import APP_REQUESTED, DRIVER_ACCEPTED, SMS_BY_MOBILE, CheckFailed, Rule
from abdm_conformance.exchange import AppRequest, Exchange


def driver_accepted(trigger: Exchange | None) -> None:
    if trigger is None:  # an operator acted: there is no driver call to judge
        return
    if trigger.transport_error or trigger.status is None or not 200 <= trigger.status < 300:
        outcome = trigger.transport_error or f"HTTP {trigger.status}: {shorten(trigger.response_text)}"
        raise CheckFailed(DRIVER_ACCEPTED, f"{trigger.url} answered {outcome}")


def app_requested(asked: AppRequest) -> Exchange:
    """The request the app sent; fails naming what did not come."""
    if asked.request is None:
        raise CheckFailed(APP_REQUESTED, f"no {asked.expected} came within {asked.deadline_seconds:g} s")
    return asked.request


def notifies_by_mobile(request_body: Any, mobile: str, hip_id: str) -> None:
    phone = protocol.get(request_body, "notification", "phoneNo")
    digits = re.sub(r"\D", "", str(phone))
    if not digits.endswith(mobile) or not 10 <= len(digits) <= 12:
        raise CheckFailed(SMS_BY_MOBILE, f"phoneNo is {phone!r}, not the patient's mobile {mobile}")
    named = protocol.get(request_body, "notification", "hip", "id")
    if named != hip_id:
        raise CheckFailed(SMS_BY_MOBILE, f"the notification names HIP {named!r}, not {hip_id!r}")


def accepts_gateway_answer(asked: AppRequest) -> None:
    if asked.answer is None:
        raise CheckFailed(APP_REQUESTED, f"the gateway's answer to {asked.expected} was never delivered")
    acknowledged(asked.answer)


def answered_without_error(answer: Exchange | None, rule: Rule) -> None:
    """The gateway's answer to the app's request reports no error: what the app sent was acceptable."""
    if answer is None:
        raise CheckFailed(rule, "the gateway's answer was never delivered")
    if error := protocol.error_in(answer.request_json):
        raise CheckFailed(
            rule, f"the gateway answered {answer.message} with error {error.get('code')}: {error.get('message')}"
        )


def read_back(exchange: Exchange) -> Any:
    """The JSON object a test driver answered a read-back with; fails naming what came instead."""
    body = exchange.response_json
    if exchange.transport_error or exchange.status != 200 or not isinstance(body, dict):
        outcome = exchange.transport_error or f"HTTP {exchange.status}: {shorten(exchange.response_text)}"
        raise CheckFailed(DRIVER_ACCEPTED, f"the driver's read-back {exchange.url} answered {outcome}")
    return body
