"""Cache-aside on Redis: read through, invalidate on write, fail open when Redis is down.

A cache outage must not become a service outage: any Redis error is counted
(`chariot_cache_fail_open_total`), the request goes to the table, and after a few failures in a
row — refused connections and timeouts alike, since a hung Redis only ever times out — a circuit
breaker (`kit.breaker`) skips Redis for `retry_after` seconds; then a background ping decides
whether to use it again, so no request waits on a Redis known to be failing. Staleness after an
invalidation lost to an outage is bounded by the TTL (the seed's 300 s).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from redis.asyncio import Redis
from redis.asyncio.retry import Retry  # not redis.retry: that one never retries a coroutine
from redis.backoff import NoBackoff
from redis.credentials import CredentialProvider
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from chariot.runtime.kit.breaker import Breaker
from chariot.runtime.kit.metrics import CACHE, CACHE_FAIL_OPEN, DEPENDENCY_ERRORS

log = logging.getLogger("chariot.cache")


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
        self.breaker = Breaker(service, "cache", trip_after, retry_after)
        self._prefix = f"{service}:"
        # the series of the read path, bound once (labels() per call cost ~5 % of a hit)
        self._hit = CACHE.labels(service, "hit")
        self._miss = CACHE.labels(service, "miss")
        self._bypass = CACHE.labels(service, "bypass")
        self._fail_open_get = CACHE_FAIL_OPEN.labels(service, "get")
        self._loading: dict[str, asyncio.Future[Any | None]] = {}
        self._probe: asyncio.Task[None] | None = None

    def _key(self, key: str) -> str:
        return f"{self.service}:{key}"

    @property
    def available(self) -> bool:
        """Redis may be used; while it may not, start the background probe when one is due."""
        if self.breaker.closed:
            return True
        if self.breaker.probe_due():
            self._probe = asyncio.get_running_loop().create_task(self._ping_probe())
        return False

    async def _ping_probe(self) -> None:
        try:
            await self.redis.ping()
        except (RedisError, OSError):
            self.breaker.failure()
        else:
            self.breaker.success()

    def _failed(self, operation: str, exc: Exception) -> None:
        """Count a failure toward the breaker; every kind counts, timeouts included.

        Timeouts used not to count, for fear that an overloaded pod (event loop lagging) would
        read its own lag as a Redis fault; the service now sheds load before its loop lags
        (`kit.shedding`), while a hung Redis answered every read about 1 s late with the breaker
        never opening (issue 14)."""
        self.breaker.failure()
        CACHE_FAIL_OPEN.labels(self.service, operation).inc()
        DEPENDENCY_ERRORS.labels(self.service, "cache").inc()
        log.warning(
            "cache unavailable, serving from the table",
            extra={"operation": operation, "error": str(exc)},
        )

    async def get_raw(self, key: str) -> str | None:
        """The stored JSON text (None on a miss, or when Redis failed or is skipped)."""
        if not self.available:
            self._bypass.inc()
            self._fail_open_get.inc()
            return None
        try:
            raw = await self.redis.get(self._prefix + key)
        except (RedisError, OSError) as exc:
            CACHE.labels(self.service, "error").inc()
            self._failed("get", exc)
            return None
        self.breaker.success()
        (self._hit if raw is not None else self._miss).inc()
        return raw if raw is None or isinstance(raw, str) else raw.decode()

    async def get(self, key: str) -> Any | None:
        raw = await self.get_raw(key)
        return orjson.loads(raw) if raw is not None else None

    async def set(self, key: str, value: Any) -> None:
        if not self.available:
            return
        try:
            # compact JSON, as the service renders it: a hit can answer the text as it is
            await self.redis.set(self._key(key), orjson.dumps(value), ex=self.ttl)
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
        return await self.fill(key, load), False

    async def fill(self, key: str, load: Callable[[], Awaitable[Any | None]]) -> Any | None:
        """After a miss: load the value and cache it, one load per key at a time."""
        pending = self._loading.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
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
        return value

    async def ping(self) -> bool:
        """Readiness reports the cache: down while the breaker is open, else a live ping."""
        if not self.breaker.closed:
            return False
        try:
            await self.redis.ping()
        except (RedisError, OSError):
            return False
        return True
