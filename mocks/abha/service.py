"""The simulated ABHA service (NHA's ABHA v3 API), as an integrator's registration desk meets it.

It accepts what the real service accepts and refuses what it refuses, and keeps, for
every refusal, the reason in words a judge can quote (`refusals`). Every call but the
public certificate needs `Authorization: Bearer <gateway session token>`; every call
needs a UUID `REQUEST-ID` and an ISO-8601 `TIMESTAMP` (abdm-api.md §2.2). Paths are
relative to the service's base, /abha/api on the simulator's host.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from mocks.abha.address_login import AddressLogin
from mocks.abha.crypto import EncryptionKey
from mocks.abha.enrollment import Enrollment
from mocks.abha.errors import (
    INVALID_REQUEST_ID,
    INVALID_SESSION,
    INVALID_TIMESTAMP,
    NO_AUTHORIZATION,
    UNKNOWN_API,
    Refusal,
    Refused,
    unauthorized,
)
from mocks.abha.identities import Identity
from mocks.abha.ledger import UUID_PATTERN, AbhaAccount, Ledger, OtpSent
from mocks.abha.licences import Licence
from mocks.abha.login import Login
from mocks.abha.messages import AbhaAnswer, Call
from mocks.abha.profile import Profile
from mocks.abha.tokens import UserTokens

BASE_PATH = "/abha/api"
CERTIFICATE = "/v3/profile/public/certificate"


class AbhaService:
    def __init__(self, seed: int, verify_session: Callable[[str], bool], key: EncryptionKey | None = None):
        self.ledger = Ledger(seed)
        self.key = key or EncryptionKey()
        self.tokens = UserTokens()
        self.refusals: list[Refusal] = []
        self._verify_session = verify_session
        self._routes: dict[tuple[str, str], Callable[[Call], dict[str, Any] | AbhaAnswer]] = {
            ("GET", CERTIFICATE): lambda call: self.key.certificate(),
            **Enrollment(self.ledger, self.key, self.tokens).routes(),
            **Login(self.ledger, self.key, self.tokens).routes(),
            **AddressLogin(self.ledger, self.key, self.tokens).routes(),
            **Profile(self.ledger, self.tokens).routes(),
        }

    @property
    def identities(self) -> list[Identity]:
        return self.ledger.identities

    @property
    def licences(self) -> list[Licence]:
        """The driving-licence holders byDocument can enrol (none holds an ABHA at the start)."""
        return self.ledger.licences

    @property
    def otps(self) -> list[OtpSent]:
        return self.ledger.otps

    @property
    def accounts(self) -> dict[str, AbhaAccount]:
        return self.ledger.accounts

    def latest_otp(self, to: str) -> str | None:
        """The newest OTP sent to this mobile, as the patient reads it off their phone."""
        return next((sent.otp for sent in reversed(self.ledger.otps) if sent.to == to), None)

    def handle(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> AbhaAnswer:
        path = path.split("?", 1)[0]
        call = Call(path, {name.lower(): value for name, value in headers.items()}, body)
        try:
            handler = self._routes.get((method.upper(), path))
            if handler is None:
                raise Refused(
                    404,
                    {"code": UNKNOWN_API, "message": "No such ABHA API"},
                    None,
                    f"{method} {path} is not an ABHA v3 API the service offers",
                )
            self._check_headers(call, needs_session=path != CERTIFICATE)
            result = handler(call)
        except Refused as refused:
            self.refusals.append(Refusal(path, refused.field, refused.reason, refused.status))
            return AbhaAnswer.of_json(refused.status, refused.body)
        return result if isinstance(result, AbhaAnswer) else AbhaAnswer.of_json(200, result)

    def _check_headers(self, call: Call, needs_session: bool) -> None:
        if needs_session:
            authorization = call.header("Authorization")
            if not authorization:
                raise unauthorized(NO_AUTHORIZATION, "Authorization", "Authorization header is missing")
            scheme, _, token = authorization.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise unauthorized(
                    INVALID_SESSION, "Authorization", "Invalid Authorization", "Authorization is not 'Bearer <token>'"
                )
            if not self._verify_session(token.strip()):
                raise unauthorized(
                    INVALID_SESSION,
                    "Authorization",
                    "Invalid Authorization",
                    "the bearer token is not a valid gateway session token",
                )
        request_id = call.header("REQUEST-ID")
        if request_id is None or not UUID_PATTERN.fullmatch(request_id):
            raise Refused(
                400,
                {"code": INVALID_REQUEST_ID, "message": "Invalid REQUEST-ID"},
                "REQUEST-ID",
                f"the REQUEST-ID header is {request_id!r}, not a UUID",
            )
        timestamp = call.header("TIMESTAMP")
        if timestamp is None or not _is_date_time(timestamp):
            raise Refused(
                400,
                {"code": INVALID_TIMESTAMP, "message": "Invalid Timestamp"},
                "TIMESTAMP",
                f"the TIMESTAMP header is {timestamp!r}, not an ISO-8601 date-time",
            )


def _is_date_time(value: str) -> bool:
    """ISO-8601 with a time of day; any offset, since NHA's own example carries +05:30."""
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return len(value) > len("YYYY-MM-DD")
