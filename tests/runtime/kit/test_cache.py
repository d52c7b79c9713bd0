"""Cache-aside against a real Redis: TTL, invalidation, and failing open when Redis is cut off."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from botocore.credentials import Credentials
from prometheus_client import REGISTRY

from chariot.runtime.kit.cache import Cache, connect
from chariot.runtime.kit.cache_auth import ElastiCacheIamCredentials, split_user
from chariot.runtime.kit.settings import LOCAL_PASSWORD
from tests.runtime.proxy import Relay


def metric(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def _url(port: int) -> str:
    return f"redis://:{LOCAL_PASSWORD}@127.0.0.1:{port}/0"


def test_read_through_fills_with_the_ttl_and_write_invalidates(servers: dict[str, int]) -> None:
    service = f"svc-{uuid.uuid4().hex[:8]}"
    loads: list[str] = []

    async def scenario() -> tuple[Any, ...]:
        redis = connect(_url(servers["redis"]), 0.5)
        cache = Cache(redis, service, ttl=300)

        async def load() -> dict[str, int]:
            loads.append("table")
            return {"n": len(loads)}

        first = await cache.read_through("k", load)
        second = await cache.read_through("k", load)
        ttl = await redis.ttl(f"{service}:k")
        await cache.invalidate("k")
        third = await cache.read_through("k", load)
        await redis.aclose()
        return first, second, ttl, third

    first, second, ttl, third = asyncio.run(scenario())
    assert first == ({"n": 1}, False)
    assert second == ({"n": 1}, True)
    assert 295 <= ttl <= 300
    assert third == ({"n": 2}, False)
    assert metric("chariot_cache_requests_total", service=service, result="hit") == 1
    assert metric("chariot_cache_requests_total", service=service, result="miss") == 2


def test_cache_down_fails_open_counts_it_and_backs_off(cache_relay: Relay) -> None:
    service = f"svc-{uuid.uuid4().hex[:8]}"

    async def scenario() -> list[tuple[Any, bool]]:
        redis = connect(_url(cache_relay.port), 0.2)
        cache = Cache(redis, service, ttl=300, retry_after=30, trip_after=2)

        async def load() -> str:
            return "from-table"

        cache_relay.down()
        try:
            results = [await cache.read_through("k", load) for _ in range(4)]
        finally:
            cache_relay.up()
            await redis.aclose()
        return results

    assert asyncio.run(scenario()) == [("from-table", False)] * 4
    # the first read fails twice (get, then the fill): `trip_after` reached, so Redis is
    # skipped instead of paying a timeout per request
    assert metric("chariot_cache_requests_total", service=service, result="error") == 1
    assert metric("chariot_cache_requests_total", service=service, result="bypass") == 3
    assert metric("chariot_cache_fail_open_total", service=service, operation="get") == 4


def test_concurrent_misses_share_one_load(servers: dict[str, int]) -> None:
    service = f"svc-{uuid.uuid4().hex[:8]}"
    loads = 0

    async def scenario() -> list[tuple[Any, bool]]:
        nonlocal loads
        redis = connect(_url(servers["redis"]), 0.5)
        cache = Cache(redis, service, ttl=300)

        async def load() -> str:
            nonlocal loads
            loads += 1
            await asyncio.sleep(0.05)  # a slow table read while 20 requests want the same key
            return "value"

        try:
            return await asyncio.gather(*(cache.read_through("hot", load) for _ in range(20)))
        finally:
            await redis.aclose()

    results = asyncio.run(scenario())
    assert loads == 1
    assert [value for value, _ in results] == ["value"] * 20


def test_slow_replies_fail_open_and_trip_the_breaker(servers: dict[str, int]) -> None:
    """A timeout counts like a refused connection: a Redis that only times out is skipped."""
    service = f"svc-{uuid.uuid4().hex[:8]}"
    slow = Relay(servers["redis"])
    slow.delay = 0.4

    async def scenario() -> list[tuple[Any, bool]]:
        redis = connect(_url(slow.port), 0.1)
        cache = Cache(redis, service, ttl=300, retry_after=30, trip_after=2)

        async def load() -> str:
            return "from-table"

        try:
            return [await cache.read_through("k", load) for _ in range(3)]
        finally:
            await redis.aclose()

    try:
        assert asyncio.run(scenario()) == [("from-table", False)] * 3
    finally:
        slow.close()
    # the first read times out twice (get, then the fill): `trip_after` reached
    assert metric("chariot_cache_requests_total", service=service, result="error") == 1
    assert metric("chariot_cache_requests_total", service=service, result="bypass") == 2


def test_iam_credentials_authenticate_as_the_user_with_the_signed_token(
    servers: dict[str, int],
) -> None:
    """The provider's (user, token) is what the client sends in AUTH: a local Redis stands in
    for ElastiCache with an ACL user whose password is that token."""
    provider = ElastiCacheIamCredentials(
        "chariot-cache", f"app-{uuid.uuid4().hex[:6]}", "us-east-1", Credentials("AKID", "s")
    )
    user, token = provider.get_credentials()

    async def scenario() -> bool:
        admin = connect(_url(servers["redis"]), 0.5)
        await admin.execute_command("ACL", "SETUSER", user, "on", f">{token}", "+ping")
        url, url_user = split_user(f"redis://{user}@127.0.0.1:{servers['redis']}/0")
        assert url_user == user
        client = connect(url, 0.5, credential_provider=provider)
        try:
            return bool(await client.ping())
        finally:
            await client.aclose()
            await admin.execute_command("ACL", "DELUSER", user)
            await admin.aclose()

    assert asyncio.run(scenario())
