"""Checks ABDM message bodies against the harness's JSON Schemas, per API version.

The schemas are hand-written files in the repository's `schemas/<version>/` folder, one per
message (ABHA's service, which apps call as clients, has its own: `schemas/abha-v3/`, one per
path), each naming the spec it was derived from; keeping them as plain files lets a reviewer
diff them against NHA's specs, and keeps this module to loading and reporting.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator

API_VERSIONS = ("v3", "v0.5")
ABHA = "abha-v3"  # the request bodies of ABHA's v3 service, named after their paths
SCHEMA_SETS = (*API_VERSIONS, ABHA)
SCHEMA_ROOT = Path(__file__).resolve().parent.parent / "schemas"
_MESSAGE_LIMIT = 200  # jsonschema quotes the offending value, and hostile apps send huge ones


@dataclass(frozen=True)
class SchemaFinding:
    path: str  # JSON path of the offending element, e.g. "$.patient[0].careContexts[1].display" ("$" for the root)
    message: str  # jsonschema's message, truncated to _MESSAGE_LIMIT characters


def message_names(api_version: str) -> list[str]:
    """The messages that have a schema for this API version, sorted."""
    return sorted(path.stem for path in _version_folder(api_version).glob("*.json"))


def validate_message(api_version: str, message: str, body: object) -> list[SchemaFinding]:
    """Where body breaks the message's schema: one finding per offending element, sorted by path.

    An element can break several keywords at once (a number where an enum of strings is
    expected); only jsonschema's best match is kept, so the report stays short.
    """
    errors_by_path: dict[str, list[ValidationError]] = {}
    for error in _validator(api_version, message).iter_errors(body):
        errors_by_path.setdefault(error.json_path, []).append(error)
    return [
        SchemaFinding(path, best_match(errors).message[:_MESSAGE_LIMIT])
        for path, errors in sorted(errors_by_path.items())
    ]


def _required_at_missing_property(
    validator: Validator, required: list[str], instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    """Draft 2020-12's `required`, but the error's path names the missing property, not its
    parent, so a report says which element is missing ("$.patient.display")."""
    if validator.is_type(instance, "object"):
        for name in required:
            if name not in instance:
                yield ValidationError(f"{name!r} is a required property", path=[name])


_MessageValidator = validators.extend(Draft202012Validator, {"required": _required_at_missing_property})


@functools.cache
def _validator(api_version: str, message: str) -> Validator:
    """The message's validator, built once: a run checks every exchange against it."""
    if message not in message_names(api_version):
        raise ValueError(f"no {api_version} schema for message {message!r}")
    schema = json.loads((_version_folder(api_version) / f"{message}.json").read_text(encoding="utf-8"))
    return _MessageValidator(schema, format_checker=FormatChecker())


def abha_message(path: str) -> str:
    """The name of the schema of a request to ABHA's `path`: /v3/profile/login/verify → profile-login-verify."""
    return path.removeprefix("/v3/").replace("/", "-")


def _version_folder(api_version: str) -> Path:
    if api_version not in SCHEMA_SETS:
        raise ValueError(f"unknown ABDM API version {api_version!r}; known: {', '.join(SCHEMA_SETS)}")
    return SCHEMA_ROOT / api_version
