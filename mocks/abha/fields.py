"""Reading an ABHA v3 request body the way the service does: each malformed or wrongly
encrypted field is refused by name (400), with the reason kept for the judge."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from mocks.abha.crypto import EncryptionKey, Undecryptable
from mocks.abha.errors import invalid
from mocks.abha.identities import Identity, verhoeff_valid

_MOBILE = re.compile(r"[6-9]\d{9}")
_IMAGE_SIGNATURES = ((b"\xff\xd8\xff", "JPEG"), (b"\x89PNG\r\n\x1a\n", "PNG"))


@dataclass(frozen=True)
class OtpRoute:
    """One accepted combination of scope, loginHint and otpSystem on a request/otp API."""

    scope: tuple[str, ...]
    login_hint: str
    otp_system: str

    @property
    def purpose(self) -> str:
        return ",".join(self.scope)


def json_object(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested too deep to parse
        raise invalid("request", "the body is not JSON") from None
    if not isinstance(value, dict):
        raise invalid("request", "the body is not a JSON object")
    return value


def obj(body: dict[str, Any], key: str) -> dict[str, Any]:
    value = body.get(key)
    if not isinstance(value, dict):
        raise invalid(key, f"{key} is missing or not an object")
    return value


def text(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise invalid(key, f"{key} is missing or not a non-empty string")
    return value


def optional_text(body: dict[str, Any], key: str) -> str:
    """A string the body may leave out (or send as null or ""): "" then."""
    value = body.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise invalid(key, f"{key} is not a string")
    return value


def iso_date(body: dict[str, Any], key: str) -> str:
    """A calendar date as YYYY-MM-DD."""
    value = text(body, key)
    try:
        valid = bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and date.fromisoformat(value) <= date.today()
    except ValueError:
        valid = False
    if not valid:
        raise invalid(key, f"{key} {value!r} is not a past date as YYYY-MM-DD")
    return value


def image(body: dict[str, Any], key: str) -> bytes:
    """A JPEG or PNG image sent as base64 (told apart by its first bytes, not by what the sender says)."""
    value = text(body, key)
    if value.startswith("data:"):
        raise invalid(key, f"{key} is a data: URI; the service takes the bare base64 of a JPEG or PNG")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise invalid(key, f"{key} is not base64 (standard alphabet, padded, no line breaks)") from None
    if not any(raw.startswith(signature) for signature, _ in _IMAGE_SIGNATURES):
        raise invalid(key, f"{key} is base64 but not of a JPEG or PNG image (it starts {raw[:8].hex(' ')})")
    return raw


def scope_of(body: dict[str, Any]) -> frozenset[str]:
    """The scope as a set: the service does not mind the order."""
    scope = body.get("scope")
    if not isinstance(scope, list) or not scope or not all(isinstance(s, str) for s in scope):
        raise invalid("scope", "scope is missing or not a list of strings")
    return frozenset(scope)


def _fitting(body: dict[str, Any], routes: Sequence[OtpRoute]) -> list[OtpRoute]:
    """The routes with the body's scope; refused if none has it."""
    scope = scope_of(body)
    fitting = [r for r in routes if frozenset(r.scope) == scope]
    if not fitting:
        accepted = "; ".join(sorted({str(list(r.scope)) for r in routes}))
        raise invalid("scope", f"scope {sorted(scope)} is not one this API takes ({accepted})")
    return fitting


def scoped(body: dict[str, Any], routes: Sequence[OtpRoute]) -> OtpRoute:
    """Which of these OTP flows an OTP-verifying body (scope, no loginHint) is in; `routes` differ in scope."""
    return _fitting(body, routes)[0]


def route(body: dict[str, Any], routes: Sequence[OtpRoute]) -> OtpRoute:
    """Which of this API's OTP flows the request asks for."""
    fitting = _fitting(body, routes)
    scope = sorted(scope_of(body))
    hint = body.get("loginHint")
    chosen = next((r for r in fitting if r.login_hint == hint), None)
    if chosen is None:
        hints = ", ".join(r.login_hint for r in fitting)
        raise invalid("loginHint", f"loginHint {hint!r} does not go with scope {scope} (expected {hints})")
    if body.get("otpSystem") != chosen.otp_system:
        raise invalid(
            "otpSystem",
            f"otpSystem {body.get('otpSystem')!r} does not go with loginHint {hint!r} (expected {chosen.otp_system!r})",
        )
    return chosen


def decrypted(key: EncryptionKey, value: Any, field: str) -> str:
    try:
        return key.decrypt(value)
    except Undecryptable as why:
        raise invalid(field, f"{field} is not RSA-OAEP (SHA-1) encrypted: {why}") from None


def mobile(value: str, field: str) -> str:
    if not _MOBILE.fullmatch(value):
        raise invalid(field, f"{field} is not a 10-digit Indian mobile number (starting 6-9)")
    return value


def otp_auth(body: dict[str, Any], key: EncryptionKey) -> tuple[dict[str, Any], str]:
    """authData.otp and its decrypted otpValue, from {"authData": {"authMethods": ["otp"], "otp": {…}}}."""
    auth = obj(body, "authData")
    if auth.get("authMethods") != ["otp"]:
        raise invalid("authMethods", f"authData.authMethods is {auth.get('authMethods')!r}, not ['otp']")
    otp = obj(auth, "otp")
    value = decrypted(key, otp.get("otpValue"), "otpValue")
    if not re.fullmatch(r"\d{6}", value):
        raise invalid("otpValue", "otpValue decrypts to something other than 6 digits")
    return otp, value


def abha_number(value: str) -> str | None:
    """The ABHA number as 91-XXXX-XXXX-XXXX, from 14 digits with or without the hyphens; else None."""
    if not re.fullmatch(r"\d{14}|\d{2}-\d{4}-\d{4}-\d{4}", value):
        return None
    digits = value.replace("-", "")
    return f"{digits[:2]}-{digits[2:6]}-{digits[6:10]}-{digits[10:]}"


def aadhaar_holder(identities: Sequence[Identity], value: str) -> Identity:
    """The person with this Aadhaar number; refused as loginId otherwise."""
    if not re.fullmatch(r"\d{12}", value):
        raise invalid("loginId", f"the Aadhaar number is not 12 digits (it has {len(value)} characters)")
    if value[0] in "01":
        raise invalid("loginId", "an Aadhaar number never starts with 0 or 1")
    if not verhoeff_valid(value):
        raise invalid("loginId", "the Aadhaar number fails its Verhoeff check digit")
    identity = next((i for i in identities if i.aadhaar == value), None)
    if identity is None:
        raise invalid("loginId", "a well-formed Aadhaar number that is none of the simulated Aadhaar holders")
    return identity


def masked(mobile_number: str) -> str:
    return "******" + mobile_number[-4:]
