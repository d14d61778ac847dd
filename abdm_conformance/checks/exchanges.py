"""Checks that hold for every request/callback pair, whatever the flow."""

from __future__ import annotations

from typing import Any

from abdm_conformance.checks import contract
from abdm_conformance.checks.rules import (
    ACKNOWLEDGED,
    CALLED_BACK,
    CORRELATED,
    GATEWAY_ACCEPTS,
    GATEWAY_TOKEN,
    OTHER_BRIDGE_PATH,
    SCHEMA,
    CheckFailed,
    warn,
)
from abdm_conformance.exchange import Exchange, Interaction, shorten
from abdm_conformance.protocol import Api


def acknowledged(request: Exchange) -> None:
    if request.transport_error:
        raise CheckFailed(ACKNOWLEDGED, f"{request.message} got no HTTP answer: {request.transport_error}")
    if request.status not in (200, 202):
        raise CheckFailed(
            ACKNOWLEDGED, f"{request.message} was answered with HTTP {request.status}: {shorten(request.response_text)}"
        )


def taken_at_first_path(request: Exchange, api: Api) -> None:
    """Warn when the app took a gateway call only at another path NHA documents for it (after a 404)."""
    first = api.bridge_paths[request.message]
    if not request.url.endswith(first):
        warn(OTHER_BRIDGE_PATH, f"{request.message} was taken at {request.url} after the app answered 404 at {first}")


def called_back(interaction: Interaction) -> Exchange:
    """The callback that answered the request; fails saying why there is none."""
    if interaction.callback is not None:
        return interaction.callback
    request = interaction.request
    if request.transport_error or request.status not in (200, 202):
        acknowledged(request)
    refused = "; ".join(
        f"{e.message} {e.gateway_error['code']} {e.gateway_error['message']}" for e in interaction.refused_calls
    )
    raise CheckFailed(
        CALLED_BACK,
        f"no {interaction.expected_callback} came within {interaction.deadline_seconds:g} s of {request.message} "
        f"(request id {request.request_id})"
        + (f"; meanwhile the gateway refused the app's {refused}" if refused else ""),
    )


def accepted_by_gateway(callback: Exchange) -> None:
    if callback.gateway_error:
        error = callback.gateway_error
        raise CheckFailed(
            GATEWAY_ACCEPTS,
            f"the gateway refused {callback.message} with HTTP {error['status']} {error['code']}: {error['message']}",
        )


def conforms_to_schema(exchange: Exchange) -> Any:
    """The message's JSON body, after checking it against NHA's contract for that message."""
    if exchange.transport_error:  # the body was refused unread (larger than the harness records): nothing to judge
        raise CheckFailed(SCHEMA, f"{exchange.message} body was not read: {exchange.transport_error}")
    if breaches := contract.violations(exchange):
        raise CheckFailed(SCHEMA, "; ".join(breaches))
    return exchange.request_json


def answers_request(interaction: Interaction) -> None:
    callback = called_back(interaction)
    expected = interaction.request.request_id
    if callback.answers_request_id != expected:
        raise CheckFailed(
            CORRELATED,
            f"{callback.message} names request {callback.answers_request_id!r}, "
            f"but answers {interaction.request.message} {expected!r}",
        )


def refused_without_gateway_token(interaction: Interaction, credential: str) -> None:
    request = interaction.request
    if request.status != 401:
        outcome = request.transport_error or f"HTTP {request.status}"
        raise CheckFailed(GATEWAY_TOKEN, f"{request.message} with {credential} was answered with {outcome}, not 401")
    if interaction.callback is not None:
        raise CheckFailed(
            GATEWAY_TOKEN, f"the app answered with {interaction.callback.message} to a request with {credential}"
        )
