"""Bare FastAPI and Starlette apps with the cached read's shape: what the stack itself costs.

`benchmarks/service_path.py` serves these under granian beside the real services and reports
each service route as a ratio to them. The read route does what the users service's cached read
does, and nothing else: parse the bearer token, verify the RS256 JWT (issuer, audience, expiry)
against the dev JWKS, GET one key from Redis, answer its JSON. The `_cached` variants keep a
verified-token cache (token -> claims until `exp`), as the kit does. Configured by environment:
BASELINE_JWKS (a JWKS file), BASELINE_REDIS_URL, BASELINE_ISSUER, BASELINE_AUDIENCE.

    granian --interface asgi --factory baselines:fastapi_cached   (run from benchmarks/)
"""
# No `from __future__ import annotations`: FastAPI resolves the local dependency at definition.

import json
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

import jwt
from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

KEY = "baseline:item:acme"
ITEM = {
    "account_id": "acme",
    "name": "Acme Corporation",
    "plan": "team",
    "created_at": "2026-12-01T00:00:00Z",
    "version": 1,
}


class Verifier:
    """RS256 with issuer and audience, optionally remembering verified tokens until expiry."""

    def __init__(self, cache: bool) -> None:
        document = json.loads(Path(os.environ["BASELINE_JWKS"]).read_text())
        self.keys = {k.key_id: k for k in jwt.PyJWKSet.from_dict(document).keys}
        self.issuer = os.environ.get("BASELINE_ISSUER", "https://chariot.local/dev")
        self.audience = os.environ.get("BASELINE_AUDIENCE", "chariot")
        self.cache: dict[str, tuple[dict[str, Any], float]] | None = {} if cache else None

    def verify(self, token: str) -> dict[str, Any]:
        if self.cache is not None:
            known = self.cache.get(token)
            if known is not None and known[1] > time.time():
                return known[0]
        kid = jwt.get_unverified_header(token)["kid"]
        claims: dict[str, Any] = jwt.decode(
            token,
            key=self.keys[kid],
            algorithms=["RS256"],
            audience=self.audience,
            issuer=self.issuer,
        )
        if self.cache is not None:
            self.cache[token] = (claims, float(claims["exp"]))
        return claims


def _redis() -> Redis:
    client: Redis = Redis.from_url(os.environ["BASELINE_REDIS_URL"], decode_responses=True)
    return client


@asynccontextmanager
async def _lifespan(app: Any) -> AsyncIterator[None]:
    app.state.redis = _redis()
    await app.state.redis.set(KEY, json.dumps(ITEM))
    yield
    await app.state.redis.aclose()


def _fastapi(cache: bool) -> FastAPI:
    verifier = Verifier(cache)
    app = FastAPI(lifespan=_lifespan)
    scheme = HTTPBearer()

    async def caller(
        credentials: Annotated[HTTPAuthorizationCredentials, Depends(scheme)],
    ) -> dict[str, Any]:
        try:
            return verifier.verify(credentials.credentials)
        except (jwt.InvalidTokenError, KeyError):
            raise HTTPException(401, "invalid token") from None

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/v1/accounts/{account_id}")
    async def read(account_id: str, claims: Annotated[dict[str, Any], Depends(caller)]) -> Any:
        raw = await app.state.redis.get(KEY)
        return JSONResponse(json.loads(raw))

    return app


def _starlette(cache: bool) -> Starlette:
    verifier = Verifier(cache)

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def read(request: Request) -> JSONResponse:
        token = request.headers.get("authorization", "").partition(" ")[2]
        try:
            verifier.verify(token)
        except (jwt.InvalidTokenError, KeyError):
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        raw = await request.app.state.redis.get(KEY)
        return JSONResponse(json.loads(raw))

    routes = [Route("/health", health), Route("/v1/accounts/{account_id}", read)]
    return Starlette(routes=routes, lifespan=_lifespan)


def fastapi_verified() -> FastAPI:
    return _fastapi(cache=False)


def fastapi_cached() -> FastAPI:
    return _fastapi(cache=True)


def starlette_verified() -> Starlette:
    return _starlette(cache=False)


def starlette_cached() -> Starlette:
    return _starlette(cache=True)


BASELINES = ("fastapi_verified", "fastapi_cached", "starlette_verified", "starlette_cached")
