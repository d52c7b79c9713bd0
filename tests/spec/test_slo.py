"""SLO arithmetic: burn-rate factors as in the SRE workbook, windows that can fire, buckets."""

from __future__ import annotations

import pytest

from chariot.spec.model import PlatformSpec
from chariot.spec.slo import WINDOWS, Objective, histogram_buckets_ms, objectives


def test_workbook_factors_for_a_30_day_period() -> None:
    assert [w.factor(30) for w in WINDOWS] == pytest.approx([14.4, 6, 1])
    assert [(w.long, w.short) for w in WINDOWS] == [("1h", "5m"), ("6h", "30m"), ("3d", "6h")]


def test_a_shorter_period_burns_its_budget_sooner() -> None:
    assert WINDOWS[0].factor(7) == pytest.approx(0.02 * 7 * 24)


def test_availability_alerts_on_every_window() -> None:
    windows = Objective("availability", 0.999).alert_windows(30)
    assert [(w.long, t) for w, t in windows] == [("1h", 0.0144), ("6h", 0.006), ("3d", 0.001)]


def test_windows_that_could_never_fire_are_left_out() -> None:
    """A p50 target leaves half the requests as budget: only the 1x window is below 100%."""
    assert [w.long for w, _ in Objective("latency-p50", 0.5, 100).alert_windows(30)] == ["3d"]
    assert [w.long for w, _ in Objective("latency-p90", 0.9, 200).alert_windows(30)] == [
        "6h",
        "3d",
    ]


def test_objectives_follow_tier_and_latency_targets(specs: dict[str, PlatformSpec]) -> None:
    spec = specs["prod"]
    service = spec.services[0]
    found = {o.name: (o.target, o.under_ms) for o in objectives(spec, service)}
    availability = spec.observability.slo.availability.of(service.tier) / 100
    latency = spec.performance.latency
    assert found == {
        "availability": (availability, None),
        "latency-p50": (0.5, latency.p50_ms),
        "latency-p90": (0.9, latency.p90_ms),
        "latency-p99": (0.99, latency.p99_ms),
    }


def test_buckets_include_every_latency_target(specs: dict[str, PlatformSpec]) -> None:
    spec = specs["prod"]
    buckets = histogram_buckets_ms(spec)
    latency = spec.performance.latency
    assert {latency.p50_ms, latency.p90_ms, latency.p99_ms} <= set(buckets)
    assert buckets == sorted(set(buckets))
    assert 200 in buckets  # not one of Envoy's defaults: added for the p90 target
