"""Cache-aside on Redis: read through, invalidate on write, fail open when Redis is down.

A cache outage must not become a service outage: any Redis error is counted
(`chariot_cache_fail_open_total`), the request goes to the table, and Redis is skipped for
`retry_after` seconds so every request does not pay a connect timeout. Staleness after an
invalidation lost to an outage is bounded by the TTL (the seed's 300 s).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.retry import Retry  # not redis.retry: that one never retries a coroutine
from redis.backoff import NoBackoff
from redis.credentials import CredentialProvider
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import MaxConnectionsError, RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from chariot.runtime.kit.metrics import CACHE, CACHE_FAIL_OPEN, DEPENDENCY_ERRORS

log = logging.getLogger("chariot.cache")


# Failures that say "this pod is busy", not "Redis is down": they never trip the breaker.
_OVERLOAD = (RedisTimeoutError, MaxConnectionsError)


def connect(
    url: str,
    timeout: float,
    max_connections: int = 256,
    credential_provider: CredentialProvider | None = None,
) -> Redis:
    """A client that gives up fast: short connect and socket timeouts, and a pool larger than
    the server's concurrency cap (granian --backpressure) so it is not the limit.

    One immediate retry on a broken connection only (never on a timeout): after the server
    restarts, every pooled connection is dead, and without it each one failed one request
    (measured with FalkorDB killed and restarted; the services' commands are idempotent)."""
    client: Redis = Redis.from_url(
        url,
        max_connections=max_connections,
        socket_connect_timeout=timeout,
        socket_timeout=timeout,
        retry=Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)),
        decode_responses=True,
        health_check_interval=0,
        credential_provider=credential_provider,
    )
    return client


class Cache:
    """JSON values under `<service>:<key>` with one TTL."""

    def __init__(
        self,
        redis: Redis,
        service: str,
        ttl: int,
        retry_after: float = 2.0,
        trip_after: int = 3,
    ) -> None:
        self.redis = redis
        self.service = service
        self.ttl = ttl
        self.retry_after = retry_after
        self.trip_after = trip_after
        self._down_until = 0.0
        self._failures = 0
        self._loading: dict[str, asyncio.Future[Any | None]] = {}

    def _key(self, key: str) -> str:
        return f"{self.service}:{key}"

    @property
    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, operation: str, exc: Exception) -> None:
        """Count a failure; after `trip_after` refused or broken connections in a row, skip
        Redis for `retry_after` seconds, so a dead Redis stops costing a round trip per request.

        Timeouts and an exhausted pool fail this one request open but do not trip: under
        overload the event loop lags and Redis replies "time out", and skipping the cache then
        would send every read to the table exactly when the pod can least afford it (measured
        here: the hit ratio fell from ~100% to 3-7% at 1000 req/s)."""
        if not isinstance(exc, _OVERLOAD):
            self._failures += 1
        if self._failures >= self.trip_after:
            self._down_until = time.monotonic() + self.retry_after
            self._failures = 0
        CACHE_FAIL_OPEN.labels(self.service, operation).inc()
        DEPENDENCY_ERRORS.labels(self.service, "cache").inc()
        log.warning(
            "cache unavailable, serving from the table",
            extra={"operation": operation, "error": str(exc)},
        )

    async def get(self, key: str) -> Any | None:
        if not self.available:
            CACHE.labels(self.service, "bypass").inc()
            CACHE_FAIL_OPEN.labels(self.service, "get").inc()
            return None
        try:
            raw = await self.redis.get(self._key(key))
        except (RedisError, OSError) as exc:
            CACHE.labels(self.service, "error").inc()
            self._failed("get", exc)
            return None
        self._failures = 0
        CACHE.labels(self.service, "hit" if raw is not None else "miss").inc()
        return json.loads(raw) if raw is not None else None

    async def set(self, key: str, value: Any) -> None:
        if not self.available:
            return
        try:
            await self.redis.set(self._key(key), json.dumps(value), ex=self.ttl)
        except (RedisError, OSError) as exc:
            self._failed("set", exc)

    async def invalidate(self, *keys: str) -> None:
        """Drop keys after a write. Tried even while Redis is marked down: a lost invalidation
        means stale reads for up to one TTL, so it is worth one more attempt."""
        if not keys:
            return
        try:
            await self.redis.delete(*(self._key(k) for k in keys))
        except (RedisError, OSError) as exc:
            self._failed("invalidate", exc)

    async def read_through(
        self, key: str, load: Callable[[], Awaitable[Any | None]]
    ) -> tuple[Any | None, bool]:
        """(value, served from cache?). Misses load from the table and fill the cache.

        Concurrent misses on one key share a single load (no stampede on the table when a hot
        key expires or the cache is cold): the first caller loads, the others await its result.
        """
        cached = await self.get(key)
        if cached is not None:
            return cached, True
        pending = self._loading.get(key)
        if pending is not None:
            return await asyncio.shield(pending), False
        future: asyncio.Future[Any | None] = asyncio.get_running_loop().create_future()
        self._loading[key] = future
        try:
            value = await load()
            if value is not None:
                await self.set(key, value)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: waiters re-raise it, nobody logs it as lost
            raise
        else:
            future.set_result(value)
        finally:
            del self._loading[key]
        return value, False

    async def ping(self) -> bool:
        try:
            await self.redis.ping()
        except (RedisError, OSError):
            return False
        self._down_until = 0.0
        return True
