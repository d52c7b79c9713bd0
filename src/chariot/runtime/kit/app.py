"""The app factory every service is built with: auth, errors, metrics, logs, health, lifespan.

A service supplies its routers and says which dependencies it needs (cache, graph); the kit
connects them in the lifespan (inside the server's event loop), closes them on shutdown, and
answers `/health` (the process lives), `/ready` (the table and graph answer; the cache is
reported but optional because reads fail open) and `/metrics` without a token. Every other
route requires a valid bearer token.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import logging
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRouter
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from redis.asyncio import Redis
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute

from chariot.runtime.kit import cache as cache_mod
from chariot.runtime.kit import logs, tracing
from chariot.runtime.kit.asgi import ASGIApp, Message, Receive, Scope, Send
from chariot.runtime.kit.auth import JwksCache, Principal, TokenVerifier, bearer
from chariot.runtime.kit.cache import Cache
from chariot.runtime.kit.cache_auth import ElastiCacheIamCredentials, split_user
from chariot.runtime.kit.errors import (
    NotFoundError,
    ServiceError,
    UnauthorizedError,
    UnavailableError,
)
from chariot.runtime.kit.graph import FalkorGraph, Graph, NeptuneGraph
from chariot.runtime.kit.items import public
from chariot.runtime.kit.metrics import IN_FLIGHT, LATENCY, REQUESTS, exposition
from chariot.runtime.kit.repository import Repository, make_client
from chariot.runtime.kit.settings import Settings
from chariot.runtime.kit.shedding import LoadShedder
from chariot.spec import scopes

log = logging.getLogger("chariot.app")

_UNMETERED = {"/metrics", "/health", "/ready"}


@dataclass
class Kit:
    """The connected dependencies of one running service."""

    settings: Settings
    verifier: TokenVerifier
    repo: Repository
    cache: Cache | None
    redis: Redis | None
    graph: Graph | None

    def need_redis(self) -> Redis:
        """Redis for what only Redis holds (the users' sessions): a 503 where the deployment
        runs without a cache (CHARIOT_CACHE_BACKEND=none, the DR region before a failover
        makes one), as when Redis is down."""
        if self.redis is None and self.settings.cache_backend == "none":
            raise UnavailableError("cache", "this deployment runs without one")
        if self.redis is None:  # pragma: no cover - a wiring mistake, not a runtime state
            raise RuntimeError(f"{self.settings.service} was built without a cache")
        return self.redis

    def need_graph(self) -> Graph:
        if self.graph is None:  # pragma: no cover
            raise RuntimeError(f"{self.settings.service} was built without a graph")
        return self.graph


Periodic = Callable[[Kit], Awaitable[object]]
"""A background job of a service, run with its connected dependencies."""


def kit_of(request: Request) -> Kit:
    kit: Kit = request.app.state.kit
    return kit


async def _kit_dependency(request: Request) -> Kit:
    """Async on purpose: FastAPI runs a plain-function dependency in a thread pool."""
    return kit_of(request)


_bearer_scheme = HTTPBearer(auto_error=False, description="a JWT (RS256/ES256) from the issuer")


async def authenticate(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer_scheme)],
) -> Principal:
    header = None if credentials is None else f"{credentials.scheme} {credentials.credentials}"
    principal = await kit_of(request).verifier.verify(bearer(header))
    # Every route needs the scope of its method (reads: read, writes: write); a route that needs
    # more (creating an account: admin) asks for it itself. The mesh checks the same per method.
    principal.require_scope(scopes.METHOD_SCOPE.get(request.method, scopes.ADMIN))
    request.state.principal = principal
    return principal


Caller = Annotated[Principal, Depends(authenticate)]
KitDep = Annotated[Kit, Depends(_kit_dependency)]


def fingerprint(payload: Any) -> str:
    """A stable hash of a request body: the same retried request has the same fingerprint."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _error(status: int, code: str, detail: Any, headers: dict[str, str] | None = None) -> Response:
    body = {"error": code, "detail": detail, "request_id": logs.request_id.get()}
    return JSONResponse(body, status_code=status, headers=headers)


class RequestContext:
    """Pure ASGI middleware: request id, trace headers, access log, latency histogram, RPS counter.

    It runs on every request, so it builds nothing it can build once: the in-flight gauge and
    each (method, route, status) series are bound on first use, the request id is 16 random
    bytes in hex, the header list is scanned in place, and the access log is one direct line."""

    MAX_SERIES = 1024  # the method label is the client's: past this, series are not cached

    def __init__(self, app: ASGIApp, service: str, access_log: bool) -> None:
        self.app = app
        self.service = service
        self.access_log = logs.AccessLog(service) if access_log else None
        self.in_flight = IN_FLIGHT.labels(service)
        self._series: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def _meter(self, method: str, template: str, status: int) -> tuple[Any, Any]:
        key = (method, template, status)
        series = self._series.get(key)
        if series is None:
            series = (
                REQUESTS.labels(self.service, method, template, str(status)),
                LATENCY.labels(self.service, method, template),
            )
            if len(self._series) < self.MAX_SERIES:
                self._series[key] = series
        return series

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = ""
        trace: list[tuple[bytes, bytes]] = []
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                incoming = value.decode("latin-1")  # the last one wins, as in a dict
            elif name in tracing.PROPAGATED:
                trace.append((name, value))
        rid = incoming[:64] if incoming and incoming.isprintable() else os.urandom(16).hex()
        rid_header = (b"x-request-id", rid.encode())
        token = logs.request_id.set(rid)
        trace_token = tracing.begin(trace)
        status = 500
        start = time.perf_counter()
        self.in_flight.inc()

        status_sent = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, status_sent
            if message["type"] == "http.response.start":
                status, status_sent = message["status"], True
                message["headers"] = [*message.get("headers", ()), rid_header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # Caught here, inside the request id's scope, so a 500 carries the id in its body
            # and header like every other error (Starlette's outermost handler runs after it).
            log.exception("unhandled error")
            if status_sent:
                raise  # the response started: nothing to answer, let the server drop it
            await _error(500, "internal", "internal error; quote the request id")(
                scope, receive, send_with_id
            )
        finally:
            elapsed = time.perf_counter() - start
            self.in_flight.dec()
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            if template not in _UNMETERED:
                method = scope["method"]
                requests, latency = self._meter(method, template, status)
                requests.inc()
                latency.observe(elapsed)
                if self.access_log is not None:
                    self.access_log.write(method, scope["path"], template, status, elapsed)
            tracing.end(trace_token)
            logs.request_id.reset(token)


def _redis(settings: Settings) -> Redis:
    """The cache client; as the IAM-authenticated user (signed tokens) on ElastiCache."""
    if not settings.redis_iam_auth:
        return cache_mod.connect(settings.redis_url, settings.cache_timeout_seconds)
    url, user = split_user(settings.redis_url)
    provider = ElastiCacheIamCredentials(
        str(settings.redis_replication_group), user, settings.aws_region
    )
    return cache_mod.connect(url, settings.cache_timeout_seconds, credential_provider=provider)


async def _connect(settings: Settings, cache: bool, graph: bool) -> Kit:
    jwks = JwksCache(str(settings.jwks_url), settings.jwks_min_refresh_seconds)
    verifier = TokenVerifier(
        jwks,
        settings.jwt_issuer,
        settings.jwt_audience,
        list(settings.jwt_algorithms),
        settings.jwt_audience_claim,
    )
    client = make_client(
        settings.aws_region,
        settings.dynamodb_endpoint,
        settings.dynamodb_threads,
        settings.dynamodb_timeout_seconds,
    )
    repo = Repository(client, settings.table_name, settings.service, settings.dynamodb_threads)
    redis = _redis(settings) if cache and settings.cache_backend == "redis" else None
    cache_obj = (
        Cache(
            redis, settings.service, settings.cache_ttl_seconds, settings.cache_retry_after_seconds
        )
        if redis is not None
        else None
    )
    graph_obj: Graph | None = None
    if graph:
        if settings.graph_backend == "falkordb":
            graph_obj = FalkorGraph(
                cache_mod.connect(settings.graph_url, 2.0), settings.graph_name, settings.service
            )
        elif settings.graph_backend == "neptune":
            graph_obj = NeptuneGraph(
                str(settings.neptune_endpoint),
                settings.aws_region,
                settings.service,
                settings.neptune_iam_auth,
            )
        else:
            raise ValueError(f"{settings.service} needs a graph: set CHARIOT_GRAPH_BACKEND")
    return Kit(settings, verifier, repo, cache_obj, redis, graph_obj)


def create_service_app(
    settings: Settings,
    *,
    title: str,
    description: str,
    routers: list[APIRouter],
    cache: bool,
    graph: bool,
    every: Sequence[tuple[float, Periodic]] = (),
    hot: Sequence[BaseRoute] = (),
) -> FastAPI:
    """Build one service: routers behind auth, plus the operational endpoints.

    `every` lists (seconds, job): background jobs the process runs on that period while it
    serves (e.g. finishing deletes cut short by an outage). `hot` are routes tried before all
    others (`kit.hot.HotRead`: the ordinary case of a cached read, past FastAPI's machinery)."""
    logs.configure(settings.service, settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        kit = await _connect(settings, cache, graph)
        app.state.kit = kit
        jobs = [asyncio.create_task(_periodic(kit, s, job)) for s, job in every]
        log.info(
            "started", extra={"table": settings.table_name, "environment": settings.environment}
        )
        # What start-up built lives as long as the process: move it out of the collector's
        # view, so a full collection walks what requests allocate, not ~130k long-lived objects
        # (each one paused the loop ~70 ms: that was the cached read's p99).
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()  # collectable again once the app is gone (tests start many apps)
            for task in jobs:
                task.cancel()
            await asyncio.gather(*jobs, return_exceptions=True)
            # The server has stopped accepting and drained in-flight requests by now.
            if kit.redis is not None:
                await kit.redis.aclose()
            if kit.graph is not None:
                await kit.graph.close()
            kit.repo.close()
            log.info("stopped")

    app = FastAPI(
        title=title,
        description=description,
        version=settings.version,
        lifespan=lifespan,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        # No 307 to the other spelling of a path: it was answered before auth, with a Location
        # built from the client's Host header. A trailing slash is simply an unknown route.
        redirect_slashes=False,
        # FastAPI's native OpenTelemetry: nothing here consumes it (Prometheus metrics and JSON
        # logs are the kit's), and its per-request checks cost CPU on every request.
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    for router in routers:
        app.include_router(router, dependencies=[Depends(authenticate)])
    app.router.routes[:0] = hot

    _operations(app, settings)
    _error_handlers(app)
    retry_after = {"Retry-After": str(settings.shed_retry_after_seconds)}

    async def overloaded(scope: Scope, receive: Receive, send: Send) -> None:
        detail = "the service is at capacity; retry after a moment"
        await _error(503, "overloaded", detail, retry_after)(scope, receive, send)

    app.add_middleware(
        LoadShedder,
        service=settings.service,
        max_concurrency=settings.max_concurrency,
        max_queue=settings.max_queue,
        queue_timeout=settings.queue_timeout_seconds,
        on_shed=overloaded,
    )
    # Added last, so outermost: shed answers carry the request id and are metered.
    app.add_middleware(RequestContext, service=settings.service, access_log=settings.access_log)
    return app


async def _periodic(kit: Kit, seconds: float, job: Periodic) -> None:
    """Run `job` every `seconds`; a failed run is logged and the next one tries again."""
    while True:
        await asyncio.sleep(seconds)
        try:
            await job(kit)
        except ServiceError as exc:
            log.warning("background job failed", extra={"job": job.__name__, "error": str(exc)})
        except Exception:
            log.exception("background job crashed", extra={"job": job.__name__})


def _operations(app: FastAPI, settings: Settings) -> None:
    """Health, readiness and metrics: no token, not metered."""

    @app.get("/health", tags=["operations"], summary="Liveness: the process serves requests")
    async def health() -> dict[str, str]:
        return {"status": "ok", "service": settings.service, "version": settings.version}

    @app.get("/ready", tags=["operations"], summary="Readiness: required dependencies answer")
    async def ready(request: Request) -> Response:
        kit = kit_of(request)
        checks: dict[str, str] = {}
        healthy = True
        try:
            await kit.repo.ping()
            checks["table"] = "ok"
        except UnavailableError as exc:
            checks["table"], healthy = exc.detail, False
        if kit.graph is not None:
            try:
                await kit.graph.ping()
                checks["graph"] = "ok"
            except UnavailableError as exc:
                checks["graph"], healthy = exc.detail, False
        if kit.cache is not None:
            checks["cache"] = "ok" if await kit.cache.ping() else "down (reads fail open)"
        body = {"status": "ready" if healthy else "not ready", "checks": checks}
        return JSONResponse(body, status_code=200 if healthy else 503)

    @app.get("/metrics", tags=["operations"], summary="Prometheus metrics", include_in_schema=False)
    async def metrics() -> Response:
        payload, content_type = exposition()
        return Response(payload, media_type=content_type)


def _error_handlers(app: FastAPI) -> None:
    """Every failure answers JSON with a reason and the request id."""

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, exc: ServiceError) -> Response:
        headers = None
        if isinstance(exc, UnauthorizedError):
            headers = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
        elif isinstance(exc, UnavailableError):
            headers = {"Retry-After": "1"}
        return _error(exc.status, exc.code, exc.detail, headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        problems = [
            {
                "field": ".".join(str(p) for p in e.get("loc", ()) if p != "body") or "body",
                "reason": e.get("msg", ""),
            }
            for e in errors
        ]
        if any(e.get("type") == "json_invalid" for e in errors):
            return _error(400, "bad_request", problems)
        return _error(422, "invalid_request", problems)

    @app.exception_handler(StarletteHTTPException)
    async def routing(request: Request, exc: StarletteHTTPException) -> Response:
        """No such route (404) or method (405): the same shape, not Starlette's own."""
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _error(exc.status_code, code, str(exc.detail), dict(exc.headers or {}))


def item_key(pk: str, sk: str) -> str:
    """The cache key of a table item is its table key, whole: a key built from part of it (a
    finding's id without its asset) answered the item under any other asset of the account."""
    return "item:" + json.dumps([pk, sk], separators=(",", ":"))


async def cached_item(kit: Kit, pk: str, sk: str) -> Response:
    """Read one item through the cache (cache-aside) and answer it directly.

    The item was validated when written, so the hot read path skips response-model validation
    (the route still declares its model for OpenAPI). `X-Cache: hit|miss` tells the caller,
    and the load test, where the answer came from; a missing item is a 404."""
    value, hit = await read_item(kit, pk, sk)
    return item_response(value, hit)


def item_response(value: dict[str, Any], hit: bool) -> Response:
    return JSONResponse(value, headers={"X-Cache": "hit" if hit else "miss"})


def loader(kit: Kit, pk: str, sk: str) -> Callable[[], Awaitable[dict[str, Any] | None]]:
    """The table read behind a cache miss: the item's public view, or None when absent."""

    async def load() -> dict[str, Any] | None:
        item = await kit.repo.get(pk, sk)
        return public(item) if item is not None else None

    return load


async def read_item(kit: Kit, pk: str, sk: str) -> tuple[dict[str, Any], bool]:
    """(public item, from cache?) through the cache; NotFoundError when absent."""
    load = loader(kit, pk, sk)
    if kit.cache is None:
        value, hit = await load(), False
    else:
        value, hit = await kit.cache.read_through(item_key(pk, sk), load)
    if value is None:
        raise NotFoundError("no such item")
    result: dict[str, Any] = value
    return result, hit


async def invalidate(kit: Kit, *keys: tuple[str, str]) -> None:
    """Drop the cached copies of table items after a write (a no-op without a cache)."""
    if kit.cache is not None:
        await kit.cache.invalidate(*(item_key(*k) for k in keys))
