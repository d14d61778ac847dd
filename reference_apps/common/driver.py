"""The test driver's envelope: the test build's own control port, through which the harness does
what a user of the app would. It asks for no gateway token.

POST /test-driver/actions/{action} takes a JSON object and answers 202 {"accepted": true},
with whatever work the action leaves for later running once the answer is sent. An action it
will not take is answered {"error": {"code", "message"}} with a status saying why. Each app
names its actions and its read-backs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, TypeVar

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reference_apps.common.versions import VersionConventions

PREFIX = "/test-driver"

# An action reads its body and returns the work it leaves for later, if any.
Action = Callable[[dict[str, Any]], BackgroundTask | None]
Version = TypeVar("Version", bound=VersionConventions)


class DriverError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def actions_route(actions: Mapping[str, Action]) -> Route:
    return Route(PREFIX + "/actions/{action}", partial(_perform, actions=actions), methods=["POST"])


def api_version(body: dict[str, Any], versions: Sequence[Version]) -> Version:
    """The version body["api_version"] names."""
    version = next((v for v in versions if v.name == body.get("api_version")), None)
    if version is None:
        raise DriverError(400, "BAD_REQUEST", f"api_version must be {' or '.join(v.name for v in versions)}")
    return version


async def _perform(request: Request, actions: Mapping[str, Action]) -> Response:
    """POST /test-driver/actions/{action}"""
    action = actions.get(request.path_params["action"])
    try:
        if action is None:
            raise DriverError(404, "UNKNOWN_ACTION", f"No test-driver action {request.path_params['action']!r}")
        try:
            body = json.loads(await request.body())
        except ValueError:
            raise DriverError(400, "BAD_REQUEST", "The body must be JSON") from None
        if not isinstance(body, dict):
            raise DriverError(400, "BAD_REQUEST", "The body must be a JSON object")
        work = action(body)
    except DriverError as error:
        return _error_response(error)
    return JSONResponse({"accepted": True}, status_code=202, background=work)


def _error_response(error: DriverError) -> Response:
    return JSONResponse({"error": {"code": error.code, "message": error.message}}, status_code=error.status)
