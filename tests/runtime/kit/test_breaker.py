"""A hung Redis (SIGSTOP) trips the cache's breaker; reads go to the table within budget.

Issue 14, item 7: a frozen Redis accepts connections and answers nothing, so every read paid
the socket timeout (twice: the get, then the fill) and the breaker, which ignored timeouts,
never opened. Here a real redis-server of the test's own is stopped with SIGSTOP under a
running service and resumed with SIGCONT.
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import REGISTRY
from starlette.testclient import TestClient

from chariot.runtime.dev import processes
from chariot.runtime.kit.breaker import Breaker
from chariot.runtime.kit.settings import LOCAL_PASSWORD
from chariot.runtime.services.assets import AssetsSettings
from chariot.runtime.services.assets import create_app as assets_app
from chariot.spec.model import PlatformSpec
from tests.runtime.conftest import redis_argv, start_server


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_breaker_opens_after_failures_in_a_row_and_one_probe_closes_it() -> None:
    clock = Clock()
    breaker = Breaker(
        f"svc-{uuid.uuid4().hex[:6]}", "cache", trip_after=3, cool_down=2, clock=clock
    )
    breaker.failure()
    breaker.failure()
    breaker.success()  # not in a row: still closed
    for _ in range(2):
        breaker.failure()
    assert breaker.closed
    breaker.failure()
    assert not breaker.closed
    assert not breaker.probe_due()  # cooling down
    clock.now += 2
    assert breaker.probe_due()
    assert not breaker.probe_due()  # one probe at a time
    breaker.failure()  # the probe failed: open for another cool-down
    assert not breaker.closed
    assert not breaker.probe_due()
    clock.now += 2
    assert breaker.probe_due()
    breaker.success()
    assert breaker.closed
    labels = {"service": breaker.service, "dependency": "cache"}
    assert REGISTRY.get_sample_value("chariot_breaker_trips_total", labels) == 1
    assert REGISTRY.get_sample_value("chariot_breaker_open", labels) == 0


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[processes.Started]:
    port = processes.free_port()
    server = start_server("redis", redis_argv(port), port, tmp_path)
    try:
        yield server
    finally:
        os.kill(server.pid, signal.SIGCONT)
        processes.stop(server.pid)


def test_a_hung_redis_trips_the_breaker_and_reads_stay_within_budget(
    service_settings: dict[str, dict[str, Any]],
    auth: dict[str, str],
    own_redis: processes.Started,
    spec: PlatformSpec,
) -> None:
    budget = spec.performance.latency.p99_ms / 1000
    settings = AssetsSettings(
        **{
            **service_settings["assets"],
            "redis_url": f"redis://:{LOCAL_PASSWORD}@127.0.0.1:{own_redis.port}/0",
            "cache_timeout_seconds": 0.3,
            "cache_retry_after_seconds": 1.0,
            "delete_reconcile_seconds": 0,
        }
    )
    with TestClient(assets_app(settings), raise_server_exceptions=False) as client:
        account = f"acct-{uuid.uuid4().hex[:10]}"
        created = client.post(
            f"/v1/accounts/{account}/assets",
            json={"type": "domain", "value": "hung.example.com"},
            headers=auth,
        )
        url = f"/v1/accounts/{account}/assets/{created.json()['asset_id']}"
        client.get(url, headers=auth)
        assert client.get(url, headers=auth).headers["x-cache"] == "hit"

        os.kill(own_redis.pid, signal.SIGSTOP)
        try:
            timings = []
            for _ in range(20):
                start = time.perf_counter()
                response = client.get(url, headers=auth)
                timings.append(time.perf_counter() - start)
                assert response.status_code == 200
                assert response.json()["value"] == "hung.example.com"
            slow = [t for t in timings if t > budget]
            # at most the reads that trip it (the first read times out twice: get and fill)
            assert len(slow) <= 2, timings
            assert all(t < budget for t in timings[2:]), timings
            ready = client.get("/ready").json()
            assert ready["status"] == "ready"
            assert ready["checks"]["cache"].startswith("down")
        finally:
            os.kill(own_redis.pid, signal.SIGCONT)
        # resumed: after the cool-down a background probe closes the breaker, hits return
        deadline = time.monotonic() + 10
        seen = []
        while time.monotonic() < deadline:
            seen.append(client.get(url, headers=auth).headers["x-cache"])
            if seen[-2:] == ["hit", "hit"]:
                break
            time.sleep(0.1)
        assert seen[-2:] == ["hit", "hit"], seen
