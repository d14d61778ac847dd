"""What ABDM's two API versions do alike whatever the app: where the gateway and its session and
keys are, where a request's id travels, and how an error is written.

v3 (HIE-CM) carries REQUEST-ID and TIMESTAMP as headers and a callback names the request it
answers in `response.requestId`; v0.5 carries `requestId` and `timestamp` in every body and
answers with `resp.requestId`. An app's own API version classes add its paths and body shapes.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any

from reference_apps.common.problems import Problem
from reference_apps.common.reading import BadRequest, required
from reference_apps.common.settings import GatewaySettings


class VersionConventions(ABC):
    name: str
    session_path: str  # on the gateway, under this version's base URL
    openid_configuration_path: str
    ids_in_body: bool  # requestId/timestamp in the body (v0.5) rather than headers (v3)
    correlation_key: str  # the callback object naming the request it answers

    @abstractmethod
    def gateway_base(self, settings: GatewaySettings) -> str: ...

    @abstractmethod
    def request_id(self, headers: Mapping[str, str], body: Any) -> str:
        """The id of a bridge request, which the app's answer must name; BadRequest if it has none."""

    @abstractmethod
    def error(self, problem: Problem) -> dict[str, Any]:
        """The problem as this version's error object."""


class V3Conventions(VersionConventions):
    name = "v3"
    session_path = "/gateway/v3/sessions"
    openid_configuration_path = "/gateway/v3/.well-known/openid-configuration"
    ids_in_body = False
    correlation_key = "response"

    def gateway_base(self, settings: GatewaySettings) -> str:
        return settings.gateway_v3_base

    def request_id(self, headers: Mapping[str, str], body: Any) -> str:
        if not (request_id := headers.get("REQUEST-ID")):
            raise BadRequest("REQUEST-ID header is missing")
        return request_id

    def error(self, problem: Problem) -> dict[str, Any]:
        return {"code": problem.code, "message": problem.message}


class V05Conventions(VersionConventions):
    name = "v0.5"
    session_path = "/v0.5/sessions"
    openid_configuration_path = "/v0.5/.well-known/openid-configuration"
    ids_in_body = True
    correlation_key = "resp"

    def gateway_base(self, settings: GatewaySettings) -> str:
        return settings.gateway_v05_base

    def request_id(self, headers: Mapping[str, str], body: Any) -> str:
        return required(body, "requestId", str)

    def error(self, problem: Problem) -> dict[str, Any]:
        return {"code": 1000, "message": problem.message}  # the 0.5 spec allows only 1000 and 10001
