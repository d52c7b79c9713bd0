"""Load shedding in a real server: beyond its concurrency and queue, a worker answers 503 fast.

Issue 14, item 12: at 3x a worker's capacity the service answered no 429/503 at all (p99 1.4 s).
The assets service runs under granian (one worker) with a table that answers slowly (a relay
that holds every reply), so requests pile up exactly as under overload.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from chariot.runtime.kit.settings import Settings
from chariot.runtime.serve import DEFAULT_BACKPRESSURE
from tests.runtime.conftest import served
from tests.runtime.proxy import Relay

ROOT = Path(__file__).resolve().parents[3]
DELAY = 0.4


@pytest.fixture
def slow_assets(
    service_settings: dict[str, dict[str, Any]], tmp_path: Path
) -> Iterator[tuple[str, Relay]]:
    env = {
        "CHARIOT_MAX_CONCURRENCY": "3",
        "CHARIOT_MAX_QUEUE": "3",
        "CHARIOT_QUEUE_TIMEOUT_SECONDS": "5",
        "CHARIOT_SHED_RETRY_AFTER_SECONDS": "2",
    }
    with served("assets", service_settings["assets"], env, tmp_path) as running:
        yield running


def test_beyond_concurrency_and_queue_requests_are_shed_with_retry_after(
    slow_assets: tuple[str, Relay], auth: dict[str, str]
) -> None:
    base, table = slow_assets
    table.delay = DELAY  # every table reply is held: 3 run, 3 wait, the rest are shed
    account = f"acct-{uuid.uuid4().hex[:10]}"

    limits = httpx.Limits(max_connections=20, max_keepalive_connections=20)
    client = httpx.Client(base_url=base, headers=auth, timeout=30, limits=limits)

    def get(i: int) -> tuple[int, float, dict[str, str], Any]:
        start = time.perf_counter()
        response = client.get(f"/v1/accounts/{account}/assets/a{i}")
        return response.status_code, time.perf_counter() - start, dict(response.headers), response

    with client, ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(get, range(12)))
        health = client.get("/health")  # probes are never shed
    served = [r for r in results if r[0] == 404]  # distinct missing ids: each reads the table
    shed = [r for r in results if r[0] == 503]
    assert len(served) == 6, [r[0] for r in results]
    assert len(shed) == 6
    assert health.status_code == 200
    for _status, elapsed, headers, response in shed:
        assert elapsed < DELAY  # answered at once, not after the others
        assert headers["retry-after"] == "2"
        body = response.json()
        assert body["error"] == "overloaded"
        assert body["request_id"] == headers["x-request-id"]
    table.delay = 0
    metrics = httpx.get(f"{base}/metrics", timeout=5).text
    assert 'chariot_http_requests_shed_total{reason="queue_full",service="assets"} 6.0' in metrics
    # overload over: everything is served again
    assert httpx.get(f"{base}/v1/accounts/{account}/assets", headers=auth).status_code == 200


def test_a_request_waiting_past_the_queue_timeout_is_shed(
    service_settings: dict[str, dict[str, Any]],
    auth: dict[str, str],
    tmp_path: Path,
) -> None:
    """In-process this time (the same middleware): one slot, a 0.1 s queue timeout."""
    from starlette.testclient import TestClient

    from chariot.runtime.services.assets import AssetsSettings, create_app

    settings = service_settings["assets"]
    table = Relay(int(settings["dynamodb_endpoint"].rsplit(":", 1)[1]))
    app = create_app(
        AssetsSettings(
            **{**settings, "dynamodb_endpoint": f"http://127.0.0.1:{table.port}"},
            max_concurrency=1,
            max_queue=5,
            queue_timeout_seconds=0.1,
            delete_reconcile_seconds=0,
        )
    )
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            table.delay = 0.3  # under the table timeout (0.5 s), over the queue timeout
            account = f"acct-{uuid.uuid4().hex[:10]}"

            def get(i: int) -> tuple[int, str]:
                url = f"/v1/accounts/{account}/assets/b{i}"
                response = client.get(url, headers=auth)
                return response.status_code, response.json()["error"]

            with ThreadPoolExecutor(max_workers=3) as pool:
                statuses = sorted(pool.map(get, range(3)))
            assert statuses == [(404, "not_found"), (503, "overloaded"), (503, "overloaded")]
    finally:
        table.close()


def test_the_defaults_fit_the_measured_capacity() -> None:
    """In flight: done within the p99 limit at the measured rate; queued: drained within the
    queue timeout; and granian's own cap is above both, so overload reaches the shedder."""
    capacity = json.loads((ROOT / "benchmarks" / "capacity.json").read_text())
    fields = Settings.model_fields
    concurrency = fields["max_concurrency"].default
    queue = fields["max_queue"].default
    timeout = fields["queue_timeout_seconds"].default
    for service, measured in capacity.items():
        if measured["rps_per_pod"] == 0:  # no rate held its p99: the planner's default applies
            continue
        rate = measured["rps_per_pod"] / measured["workers_per_pod"]
        assert concurrency <= rate * measured["p99_limit_ms"] / 1000, service
        assert queue <= rate * timeout, service
    assert concurrency + queue < DEFAULT_BACKPRESSURE
