"""Bearer-token validation: RS256/ES256 JWTs with issuer and audience checked against a JWKS.

The key set is fetched once and cached; a token signed with a `kid` the cache does not know
triggers one refresh (at most every `min_refresh_seconds`, so a flood of forged kids cannot turn
into a flood of JWKS fetches). `file://` URLs are accepted for local development only (Settings
refuses them elsewhere); in AWS the JWKS is the Cognito user pool's `https://` endpoint.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx
import jwt

from chariot.runtime.kit import tracing
from chariot.runtime.kit.errors import ForbiddenError, UnauthorizedError, UnavailableError
from chariot.spec import scopes

log = logging.getLogger("chariot.auth")

ADMIN_SCOPE = scopes.ADMIN
VERIFIED_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Principal:
    """Who is calling: the token's subject, its account and its scopes."""

    subject: str
    account_id: str | None
    scopes: frozenset[str]

    @property
    def is_admin(self) -> bool:
        return scopes.grants(self.scopes, scopes.ADMIN)

    def require_scope(self, needed: str) -> None:
        """Refuse a token whose scopes do not grant `needed` (read < write < admin)."""
        if not scopes.grants(self.scopes, needed):
            granting = " or ".join(repr(s) for s in scopes.satisfying(needed))
            raise ForbiddenError(f"this operation needs the {granting} scope")

    def may_act_on(self, account_id: str) -> bool:
        """Admins may act on any account, everyone else on their own."""
        return self.is_admin or self.account_id == account_id

    def require_account(self, account_id: str) -> None:
        """Refuse access to another tenant's data (admins may act on any account)."""
        if not self.may_act_on(account_id):
            raise ForbiddenError(f"the token is not allowed to act on account {account_id!r}")

    def require_admin(self) -> None:
        self.require_scope(scopes.ADMIN)


class JwksCache:
    """The signing keys by `kid`, fetched on first use and again when an unknown kid appears."""

    def __init__(self, url: str, min_refresh_seconds: float = 30.0, timeout: float = 2.0) -> None:
        self.url = url
        self.min_refresh_seconds = min_refresh_seconds
        self.timeout = timeout
        self.fetches = 0
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at: float | None = None
        self._lock = asyncio.Lock()

    async def key(self, kid: str) -> jwt.PyJWK:
        key = self._keys.get(kid)
        if key is not None:
            return key
        async with self._lock:
            key = self._keys.get(kid)
            if key is None and self._may_refresh():
                await self._refresh()
                key = self._keys.get(kid)
        if key is None:
            raise UnauthorizedError(f"token signed with unknown key id {kid!r}")
        return key

    def _may_refresh(self) -> bool:
        return (
            self._fetched_at is None
            or time.monotonic() - self._fetched_at >= self.min_refresh_seconds
        )

    async def _refresh(self) -> None:
        self._fetched_at = time.monotonic()
        self.fetches += 1
        try:
            document = await self._fetch()
            keys = jwt.PyJWKSet.from_dict(document).keys
        except (OSError, httpx.HTTPError, ValueError, jwt.PyJWKSetError) as exc:
            log.warning("jwks refresh failed", extra={"jwks_url": self.url, "error": str(exc)})
            if not self._keys:
                raise UnavailableError("jwks", f"cannot load signing keys: {exc}") from exc
            return
        self._keys = {k.key_id: k for k in keys if k.key_id}

    async def _fetch(self) -> Any:
        parts = urlsplit(self.url)
        if parts.scheme == "file":
            text = await asyncio.to_thread(Path(unquote(parts.path)).read_text, "utf-8")
            return json.loads(text)
        async with httpx.AsyncClient(timeout=self.timeout) as client:
            response = await client.get(self.url, headers=tracing.outgoing())
            response.raise_for_status()
            return response.json()


class TokenVerifier:
    """Checks signature, algorithm, expiry, issuer and audience; returns the Principal."""

    def __init__(
        self,
        jwks: JwksCache,
        issuer: str,
        audience: str,
        algorithms: list[str],
        audience_claim: str = "aud",
    ) -> None:
        self.jwks = jwks
        self.issuer = issuer
        self.audience = audience
        self.algorithms = algorithms
        # Cognito access tokens carry no `aud`: their app client is `client_id`, and
        # `token_use: access` tells them from ID tokens (which the API must not accept).
        self.audience_claim = audience_claim
        self._verified: OrderedDict[str, tuple[Principal, float]] = OrderedDict()

    async def verify(self, token: str) -> Principal:
        """The caller of a token; a token verified before is answered from a small LRU until
        it expires (a signature check costs ~50-80 µs; clients reuse one token for many calls).
        """
        known = self._verified.get(token)
        if known is not None and known[1] > time.time():
            self._verified.move_to_end(token)
            return known[0]
        principal, expires = await self._verify(token)
        self._verified[token] = (principal, expires)
        if len(self._verified) > VERIFIED_CACHE_SIZE:
            self._verified.popitem(last=False)
        return principal

    def known(self, authorization: str) -> Principal | None:
        """The caller of an `Authorization: Bearer <token>` header whose token was verified
        before and has not expired; None for anything else (the full path decides those)."""
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer":
            return None
        token = token.strip()
        known = self._verified.get(token)
        if known is None or known[1] <= time.time():
            return None
        self._verified.move_to_end(token)
        return known[0]

    async def _verify(self, token: str) -> tuple[Principal, float]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as exc:
            raise UnauthorizedError(f"malformed token: {exc}") from None
        algorithm = header.get("alg")
        if algorithm not in self.algorithms:
            raise UnauthorizedError(f"token algorithm {algorithm!r} is not accepted")
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise UnauthorizedError("token has no key id (kid)")
        key = await self.jwks.key(kid)
        if key.algorithm_name != algorithm:
            raise UnauthorizedError(f"key {kid!r} is not a {algorithm} key")
        by_aud = self.audience_claim == "aud"
        try:
            claims = jwt.decode(
                token,
                key=key,
                algorithms=[algorithm],
                audience=self.audience if by_aud else None,
                issuer=self.issuer,
                options={
                    "require": ["exp", "iss", "sub", "aud" if by_aud else self.audience_claim],
                    "verify_aud": by_aud,
                },
                leeway=30,
            )
        except jwt.InvalidTokenError as exc:
            raise UnauthorizedError(f"invalid token: {exc}") from None
        if not by_aud and (
            claims.get(self.audience_claim) != self.audience or claims.get("token_use") != "access"
        ):
            raise UnauthorizedError(
                f"invalid token: not an access token of client {self.audience!r}"
            )
        account = claims.get("account_id") or claims.get("custom:account_id")
        principal = Principal(
            subject=str(claims["sub"]),
            account_id=str(account) if account is not None else None,
            scopes=_scopes(claims),
        )
        return principal, float(claims["exp"])


def _scopes(claims: dict[str, Any]) -> frozenset[str]:
    """`scope` (OAuth 2 / Cognito: one space-separated string) and `scp` (a list, or a string,
    depending on the issuer), merged; anything else in them is ignored."""
    found: set[str] = set()
    for claim in ("scope", "scp"):
        value = claims.get(claim)
        if isinstance(value, str):
            found.update(value.split())
        elif isinstance(value, list):
            found.update(v for v in value if isinstance(v, str))
    return frozenset(found)


def bearer(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer <token>` header."""
    if not authorization:
        raise UnauthorizedError("missing Authorization header (Bearer token)")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise UnauthorizedError("Authorization header must be 'Bearer <token>'")
    return token.strip()
