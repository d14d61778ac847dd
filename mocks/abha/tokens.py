"""The user tokens the ABHA service hands out after an OTP: X-token, T-token, refresh token.

An X-token opens one account's profile, card and QR code (header X-token); a T-token,
from a login by mobile, is good only for picking one of that mobile's ABHAs on
/v3/profile/login/verify/user (header T-token). Both are JWTs, as the real ones are, so
an app that decodes them finds the usual claims; the service trusts only its own
register of what it issued.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from mocks.abha.errors import INVALID_USER_TOKEN, unauthorized

TOKEN_LIFETIME = 1800
REFRESH_LIFETIME = 1296000  # fifteen days, as byAadhaar's tokens.refreshExpiresIn says
X_TOKEN, T_TOKEN, REFRESH_TOKEN = "X-token", "T-token", "R-token"


@dataclass(frozen=True)
class UserToken:
    kind: str
    abha_numbers: tuple[str, ...]  # the one account of an X-token; a T-token's choices
    txn_id: str
    expires_at: datetime


class UserTokens:
    def __init__(self) -> None:
        self._secret = secrets.token_bytes(32)
        self.issued: dict[str, UserToken] = {}  # by token, so a run can also mask them by value

    def grant(self, kind: str, abha_numbers: list[str], txn_id: str, now: datetime) -> dict[str, object]:
        """A token of this kind and its refresh token, as the answers spell them."""
        return {
            "token": self._issue(kind, abha_numbers, txn_id, now, TOKEN_LIFETIME),
            "expiresIn": TOKEN_LIFETIME,
            "refreshToken": self._issue(REFRESH_TOKEN, abha_numbers, txn_id, now, REFRESH_LIFETIME),
            "refreshExpiresIn": REFRESH_LIFETIME,
        }

    def resolve(self, header_value: str | None, kind: str, now: datetime) -> UserToken:
        """The token a header carries, with or without "Bearer " (abdm-api.md §9 item 10)."""
        if not header_value:
            raise unauthorized(INVALID_USER_TOKEN, kind, f"{kind} header is missing")
        token = header_value.removeprefix("Bearer ").strip()
        issued = self.issued.get(token)
        if issued is None:
            raise unauthorized(INVALID_USER_TOKEN, kind, f"Invalid {kind}", f"{kind} is not one this service issued")
        if issued.kind != kind:
            raise unauthorized(
                INVALID_USER_TOKEN, kind, f"Invalid {kind}", f"the {kind} header carries a {issued.kind}, not a {kind}"
            )
        if now >= issued.expires_at:
            raise unauthorized(INVALID_USER_TOKEN, kind, f"{kind} expired", f"the {kind} expired")
        return issued

    def _issue(self, kind: str, abha_numbers: list[str], txn_id: str, now: datetime, lifetime: int) -> str:
        claims = {
            "sub": abha_numbers[0] if len(abha_numbers) == 1 else txn_id,
            "typ": kind,
            "txnId": txn_id,
            "iat": int(now.timestamp()),
            "exp": int(now.timestamp()) + lifetime,
            "jti": uuid.uuid4().hex,
        }
        token = jwt.encode(claims, self._secret, algorithm="HS256")
        self.issued[token] = UserToken(kind, tuple(abha_numbers), txn_id, now + timedelta(seconds=lifetime))
        return token
