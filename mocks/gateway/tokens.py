"""Signed tokens, as ABDM's gateway issues them (Keycloak-style RS256 JWTs).

The same authority signs the session tokens it gives to applications and the token
it presents on every gateway→bridge call, so an app can verify both against the
published JWKS. A forger with its own key makes tokens that look right but are not
signed by the gateway, to prove an app really checks signatures.

Every token says what it is good for in its `tokenKind` claim, so that one kind is never taken for
another: only a session's access token opens the gateway's APIs to an app.
"""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import Any

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

GATEWAY_ROLE = "gateway"
SESSION_LIFETIME_SECONDS = 1200  # 20 minutes, as the sandbox gives
REFRESH_LIFETIME_SECONDS = 1800
KIND_CLAIM = "tokenKind"
CERTIFICATE_VALID_FROM = datetime(2025, 1, 1, tzinfo=timezone.utc)


class TokenKind(str, Enum):
    ACCESS = "access"  # a session's: Authorization on an app's calls to the gateway
    REFRESH = "refresh"  # a session's: only to renew it
    LINK = "link"  # v3 X-LINK-TOKEN, v0.5 add-contexts' accessToken: linking one patient's care contexts
    GATEWAY = "gateway"  # the gateway's own, on its calls to bridges


class InvalidToken(Exception):
    """A bearer token the gateway did not issue, one that has expired, or one of another kind."""


@dataclass(frozen=True)
class Session:
    access_token: str
    refresh_token: str
    expires_in: int = SESSION_LIFETIME_SECONDS
    refresh_expires_in: int = REFRESH_LIFETIME_SECONDS


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class TokenAuthority:
    def __init__(self, issuer: str, key: rsa.RSAPrivateKey | None = None):
        self.issuer = issuer
        self._key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
        # From the key, so that an app caching the JWKS by key id finds the same key run after run.
        self.kid = hashlib.sha256(
            self._key.public_key().public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        ).hexdigest()[:32]
        self.issued: list[str] = []  # every token handed out, so the run can mask them by value
        self._certificate_der = self._self_signed_certificate()
        self._gateway_token: str | None = None
        self._gateway_token_renewal = 0.0

    def jwks(self) -> dict[str, Any]:
        public = self._key.public_key()
        numbers = public.public_numbers()
        der = self._certificate_der
        return {
            "keys": [
                {
                    "kid": self.kid,
                    "kty": "RSA",
                    "use": "sig",
                    "alg": "RS256",
                    "n": _b64url_uint(numbers.n),
                    "e": _b64url_uint(numbers.e),
                    "x5c": [base64.b64encode(der).decode()],
                    "x5t": base64.urlsafe_b64encode(hashlib.sha1(der).digest()).rstrip(b"=").decode(),
                }
            ]
        }

    def open_session(self, client_id: str) -> Session:
        return Session(
            access_token=self._sign(client_id, TokenKind.ACCESS, ["hiu", "hip"], SESSION_LIFETIME_SECONDS),
            refresh_token=self._sign(client_id, TokenKind.REFRESH, [], REFRESH_LIFETIME_SECONDS),
        )

    def gateway_token(self) -> str:
        """The token the gateway presents to bridges: realm role `gateway`, as HIPs check.

        Reused until a minute before it expires, as a gateway reuses its session; signing
        one per call would make the harness, not the app, the slow side of an exchange.
        """
        if self._gateway_token is None or time.time() > self._gateway_token_renewal:
            self._gateway_token = self._sign(GATEWAY_ROLE, TokenKind.GATEWAY, [GATEWAY_ROLE], SESSION_LIFETIME_SECONDS)
            self._gateway_token_renewal = time.time() + SESSION_LIFETIME_SECONDS - 60
        return self._gateway_token

    def forged_gateway_token(self) -> str:
        """Same claims and key id as a gateway token, signed with a key the gateway never published."""
        forger = TokenAuthority(self.issuer)
        forger.kid = self.kid
        token = forger.gateway_token()
        self.issued.append(token)
        return token

    def sign(self, data: bytes) -> str:
        """The consent manager's signature over a consent artefact (RS256, base64)."""
        signature = self._key.sign(data, padding.PKCS1v15(), hashes.SHA256())
        return base64.b64encode(signature).decode()

    def verify(self, token: str, kind: TokenKind) -> dict[str, Any]:
        """The claims of a token this authority signed, still valid and of this kind."""
        try:
            claims = jwt.decode(
                token,
                self._key.public_key(),
                algorithms=["RS256"],
                issuer=self.issuer,
                options={"verify_aud": False, "require": ["exp", "iat", "iss"]},
            )
        except jwt.PyJWTError as error:
            raise InvalidToken(str(error)) from None
        if claims.get(KIND_CLAIM) != kind.value:
            raise InvalidToken(f"the token is of kind {claims.get(KIND_CLAIM)}, not {kind.value}")
        return claims

    def linking_token(self, abha_address: str, hip_id: str, lifetime: int) -> tuple[str, str]:
        """A token the consent manager gives an HIP to link care contexts to one ABHA address,
        and its id (jti), by which the consent manager tracks its use."""
        token_id = uuid.uuid4().hex
        claims = {
            "sub": abha_address,
            "hipId": hip_id,
            "typ": "Link",
            KIND_CLAIM: TokenKind.LINK.value,
            "purpose": "LINK",
            "jti": token_id,
        }
        return self._encode(claims, lifetime), token_id

    def _sign(self, client_id: str, kind: TokenKind, roles: list[str], lifetime: int) -> str:
        claims = {
            "sub": client_id,
            "clientId": client_id,
            "typ": "Refresh" if kind is TokenKind.REFRESH else "Bearer",  # Keycloak's, which does not tell all kinds
            KIND_CLAIM: kind.value,
            "jti": uuid.uuid4().hex,
            "realm_access": {"roles": roles},
        }
        return self._encode(claims, lifetime)

    def _encode(self, claims: dict[str, Any], lifetime: int) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "iat": now, "exp": now + lifetime, **claims}
        token = jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": self.kid})
        self.issued.append(token)
        return token

    def _self_signed_certificate(self) -> bytes:
        """DER certificate for the JWKS `x5c`, which some JWT libraries read instead of n/e.

        Made from the key alone (serial from the key id, fixed validity; PKCS#1 v1.5 signatures are
        deterministic), so that the published JWKS is the same byte for byte while the key is kept.
        """
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "abdm-conformance simulated gateway")])
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self._key.public_key())
            .serial_number(int(self.kid, 16))
            .not_valid_before(CERTIFICATE_VALID_FROM)
            .not_valid_after(CERTIFICATE_VALID_FROM + timedelta(days=3653))
            .sign(self._key, hashes.SHA256())
        )
        return certificate.public_bytes(serialization.Encoding.DER)
