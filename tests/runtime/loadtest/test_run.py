"""The k6 runner: durations, and a short real run against the local platform."""

from __future__ import annotations

import pytest

from chariot.runtime.dev.platform import State
from chariot.runtime.loadtest.run import parse_duration, run, script_path
from chariot.spec.model import PlatformSpec


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
