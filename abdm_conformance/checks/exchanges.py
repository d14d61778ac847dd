"""Checks that hold for every request/callback pair, whatever the flow."""

from __future__ import annotations

from typing import Any

from abdm_conformance import schemas
from abdm_conformance.checks.rules import (
    ACKNOWLEDGED,
    CALLED_BACK,
    CORRELATED,
    GATEWAY_ACCEPTS,
    GATEWAY_TOKEN,
    SCHEMA,
    CheckFailed,
)
from abdm_conformance.exchange import NOT_JSON, Exchange, Interaction

_SHOWN_FINDINGS = 3


def acknowledged(request: Exchange) -> None:
    if request.transport_error:
        raise CheckFailed(ACKNOWLEDGED, f"{request.message} got no HTTP answer: {request.transport_error}")
    if request.status not in (200, 202):
        raise CheckFailed(
            ACKNOWLEDGED, f"{request.message} was answered with HTTP {request.status}: {shorten(request.response_text)}"
        )


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


def conforms_to_schema(exchange: Exchange, schema_set: str | None = None, message: str | None = None) -> Any:
    """The message's JSON body, after checking it against its schema (by default, its API version's
    schema of that message)."""
    schema_set, message = schema_set or exchange.api_version, message or exchange.message
    body = exchange.request_json
    if body is NOT_JSON:
        content_type = exchange.header("content-type") or "no content type"
        raise CheckFailed(
            SCHEMA, f"{exchange.message} body is not JSON ({content_type}): {shorten(exchange.request_text)}"
        )
    findings = schemas.validate_message(schema_set, message, body)
    if findings:
        shown = "; ".join(f"{f.path}: {f.message}" for f in findings[:_SHOWN_FINDINGS])
        more = f" (+{len(findings) - _SHOWN_FINDINGS} more)" if len(findings) > _SHOWN_FINDINGS else ""
        raise CheckFailed(SCHEMA, f"{exchange.message} does not conform to the {schema_set} schema: {shown}{more}")
    return body


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
            GATEWAY_TOKEN, f"the HIP answered with {interaction.callback.message} to a request with {credential}"
        )


def shorten(text: str, limit: int = 160) -> str:
    """Enough of an app's output to recognise it, never a hostile app's megabytes."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "…"
