"""Is this bridge request really from the gateway?

A bridge is a public URL, so an app acts only on requests whose bearer token the
gateway signed: RS256 with a key from the gateway's JWKS (found through its OpenID
configuration), unexpired, with realm role "gateway" (as ProjectEKA's reference HIP
checks). Keys are cached; a token naming an unknown key id makes the app fetch the
keys once more, in case the gateway rotated them.
"""

from __future__ import annotations

from typing import Any

import httpx
import jwt

from reference_apps.common.http_clients import http_client
from reference_apps.common.settings import GatewaySettings
from reference_apps.common.versions import VersionConventions

GATEWAY_ROLE = "gateway"


class InvalidGatewayToken(Exception):
    """No token, or one the gateway did not issue or that has expired."""


class KeysUnavailable(Exception):
    """The gateway's keys could not be fetched, so no token can be checked now."""


class GatewayTokenVerifier:
    def __init__(self, settings: GatewaySettings):
        self._settings = settings
        self._keys: dict[str, dict[str, Any]] = {}  # API version → key id → public key

    async def verify(
        self, version: VersionConventions, authorization: str | None, role: str | None = GATEWAY_ROLE
    ) -> dict[str, Any]:
        """The token's claims; raises InvalidGatewayToken or KeysUnavailable. With no `role`, any token the
        gateway signed will do: an HIP pushing data presents its own session token, not the gateway's."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise InvalidGatewayToken("Authorization: Bearer <gateway token> is required")
        try:
            key_id = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError:
            raise InvalidGatewayToken("The bearer token is not a JWT") from None
        if not key_id:
            raise InvalidGatewayToken("The token does not name its signing key (kid)")
        try:
            claims = jwt.decode(
                token,
                await self._key(version, key_id),
                algorithms=["RS256"],
                options={"require": ["exp"], "verify_aud": False},
            )
        except jwt.PyJWTError as error:
            raise InvalidGatewayToken(f"The token is not valid: {error}") from None
        if role is None:
            return claims
        realm_access = claims.get("realm_access")
        roles = realm_access.get("roles") if isinstance(realm_access, dict) else None
        if not isinstance(roles, list) or role not in roles:
            raise InvalidGatewayToken(f"The token lacks the realm role {role!r}")
        return claims

    async def _key(self, version: VersionConventions, key_id: str) -> Any:
        keys = self._keys.get(version.name)
        if keys is None or key_id not in keys:
            keys = self._keys[version.name] = await self._fetch_keys(version)
        if key_id not in keys:
            raise InvalidGatewayToken(f"The gateway publishes no key {key_id!r}")
        return keys[key_id]

    async def _fetch_keys(self, version: VersionConventions) -> dict[str, Any]:
        configuration_url = version.gateway_base(self._settings) + version.openid_configuration_path
        try:
            async with http_client(self._settings.http_timeout_seconds) as http:
                configuration = (await http.get(configuration_url)).raise_for_status().json()
                jwks = (await http.get(configuration["jwks_uri"])).raise_for_status().json()
            return {key.key_id: key.key for key in jwt.PyJWKSet.from_dict(jwks).keys if key.key_id}
        except (httpx.HTTPError, ValueError, KeyError, TypeError, jwt.PyJWTError) as error:
            raise KeysUnavailable(f"Cannot fetch the gateway's keys from {configuration_url}: {error!r}") from None
