"""The k6 runner: durations, and a short real run against the local platform."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from chariot.runtime.dev.platform import State
from chariot.runtime.dev.processes import free_port
from chariot.runtime.loadtest.run import parse_duration, run, script_path
from chariot.spec.model import PlatformSpec
from tests.runtime.conftest import served


@pytest.mark.parametrize(("text", "seconds"), [("60s", 60), ("2m", 120), ("45", 45)])
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["0s", "31m", "ten", "5h", ""])
def test_bad_or_unbounded_durations_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


def test_the_script_encodes_the_scenario() -> None:
    script = script_path().read_text()
    assert "constant-arrival-rate" in script
    assert "zipfIndex" in script
    assert "Authorization" in script


def test_a_short_run_measures_latency_rate_and_cache_hits(
    platform: State, spec: PlatformSpec
) -> None:
    result = run(
        service="vulnerabilities",
        base_url=platform.urls["vulnerabilities"],
        assets_url=platform.urls["assets"],
        token=platform.token,
        rps=50,
        duration_s=3,
        targets=spec.performance.latency,
        keys=20,
    )
    assert result.requests >= 140
    assert 45 <= result.achieved_rps <= 52
    assert result.error_rate == 0
    assert 0 < result.p50_ms <= result.p90_ms <= result.p99_ms
    assert result.cache_hit_ratio is not None
    assert result.cache_hit_ratio > 0.5  # 20 Zipf keys: after the first reads, mostly hits
    assert result.thresholds["http_req_duration{phase:load} p(99)<500"] is True


def test_an_overloaded_worker_sheds_and_k6_reports_it(
    service_settings: dict[str, dict[str, Any]],
    spec: PlatformSpec,
    admin_token: str,
    tmp_path: Path,
) -> None:
    """One slot, no cache and a slow table (~25 reads/s): most of 150 req/s is shed."""
    env = {
        "CHARIOT_MAX_CONCURRENCY": "1",
        "CHARIOT_MAX_QUEUE": "30",  # setup's batches of 25 creates wait instead of failing
        "CHARIOT_QUEUE_TIMEOUT_SECONDS": "2",
        "CHARIOT_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",  # nothing there: fail open
    }
    with served("assets", service_settings["assets"], env, tmp_path) as (base, table):
        table.delay = 0.02
        before = time.time()
        result = run(
            service="assets",
            base_url=base,
            token=admin_token,
            rps=150,
            duration_s=3,
            targets=spec.performance.latency,
            keys=25,
            max_vus=100,
        )
    assert result.shed_rate is not None
    assert result.shed_rate > 0.3, result
    assert result.admitted_p99_ms is not None
    assert result.admitted_p99_ms < 3000, result  # the queue timeout bounds the wait
    assert result.load_started_at is not None
    assert before < result.load_started_at < time.time()
