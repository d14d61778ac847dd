"""Admitting a bridge request: the gateway signed its token, it is meant for this app, and its
body can be read. A request that fails is refused at once with an error in its API version,
and never acted on.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from reference_apps.common.auth import GATEWAY_ROLE, GatewayTokenVerifier, InvalidGatewayToken, KeysUnavailable
from reference_apps.common.problems import KEYS_UNAVAILABLE, MALFORMED_REQUEST, TOKEN_INVALID, TOKEN_MISSING, Problem
from reference_apps.common.settings import GatewaySettings
from reference_apps.common.versions import VersionConventions

Message = TypeVar("Message")


class Refusal(Exception):
    """A bridge request answered at once with an error, and not acted on."""

    def __init__(self, version: VersionConventions, status: int, problem: Problem):
        super().__init__(problem.message)
        self.version, self.status, self.problem = version, status, problem


async def refusal_response(request: Request, refusal: Exception) -> Response:
    """The app's exception handler for Refusal."""
    assert isinstance(refusal, Refusal)
    return JSONResponse({"error": refusal.version.error(refusal.problem)}, status_code=refusal.status)


class BridgeAdmission:
    """Admits requests for the app that `role` ("HIP" or "HIU") and own_id name, as its X-<role>-ID does."""

    def __init__(self, settings: GatewaySettings, role: str, own_id: str, wrong_recipient_code: str):
        self._tokens = GatewayTokenVerifier(settings)
        self._role, self._own_id, self._wrong_recipient_code = role, own_id, wrong_recipient_code

    async def admit(
        self, version: VersionConventions, request: Request, read: Callable[[Any], Message], *, check_token: bool = True
    ) -> tuple[Message, str]:
        """The request's message and id, once it is known to come from the gateway for this app;
        Refusal if not."""
        if check_token:
            await self.check_token(version, request)
        header = f"X-{self._role}-ID"
        recipient = request.headers.get(header)
        if recipient is not None and recipient != self._own_id:
            message = f"{header} {recipient!r} is not this {self._role}"
            raise Refusal(version, 400, Problem(self._wrong_recipient_code, message))
        try:
            body = json.loads(await request.body())
            return read(body), version.request_id(request.headers, body)
        except ValueError as error:  # not JSON, or BadRequest: a body the app cannot act on
            raise Refusal(version, 400, Problem(MALFORMED_REQUEST, f"Cannot read the request: {error}")) from None

    async def check_token(self, version: VersionConventions, request: Request, role: str | None = GATEWAY_ROLE) -> None:
        """Refusal unless the request carries a token the gateway signed (for `role`, unless None)."""
        authorization = request.headers.get("Authorization")
        try:
            await self._tokens.verify(version, authorization, role)
        except InvalidGatewayToken as error:
            code = TOKEN_MISSING if authorization is None else TOKEN_INVALID
            raise Refusal(version, 401, Problem(code, str(error))) from None
        except KeysUnavailable as error:
            raise Refusal(version, 503, Problem(KEYS_UNAVAILABLE, str(error))) from None
