"""The service level objectives of a service and the burn-rate windows that alert on them.

One source of truth for the SLO alerts (Prometheus rules, `chariot.infra.addons.slo_rules`) and
for the histogram buckets the sidecars publish (`chariot.k8s.deployments`): an objective is
"this share of requests is good", its error budget the rest, and an alert fires when the budget
burns fast over a long and a short window at once (the Google SRE workbook, "Alerting on SLOs",
multiwindow multi-burn-rate alerts: https://sre.google/workbook/alerting-on-slos/).
"""

from __future__ import annotations

from dataclasses import dataclass

from chariot.spec.model import PlatformSpec, Service


@dataclass(frozen=True)
class BurnWindow:
    """Alert when `budget_spent` of the period's error budget goes within `long` (and the
    `short` window, a twelfth of it, still burns that fast: the alert resets soon after a
    recovery)."""

    long: str
    long_hours: float
    short: str
    budget_spent: float
    severity: str

    def factor(self, window_days: int) -> float:
        """The burn rate that spends `budget_spent` in `long`: 14.4 for 2% in 1h of 30 days."""
        return self.budget_spent * window_days * 24 / self.long_hours


# The workbook's recommendation: page on 2% of the budget in an hour and 5% in six hours,
# open a ticket on 10% in three days.
WINDOWS = (
    BurnWindow("1h", 1, "5m", 0.02, "page"),
    BurnWindow("6h", 6, "30m", 0.05, "page"),
    BurnWindow("3d", 72, "6h", 0.10, "ticket"),
)
RATE_WINDOWS = tuple(dict.fromkeys(w for b in WINDOWS for w in (b.short, b.long)))

# Envoy's default histogram bucket bounds (ms); Istio records request durations in them.
# https://www.alibabacloud.com/help/en/asm/sidecar/buckets-configuration-of-histogram-type-metrics
ISTIO_DEFAULT_BUCKETS_MS = (
    0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000,
    600000, 1800000, 3600000,
)  # fmt: skip


@dataclass(frozen=True)
class Objective:
    """`target` (a fraction) of the service's requests are good: not a 5xx (`under_ms` None),
    or answered within `under_ms` milliseconds."""

    name: str
    target: float
    under_ms: int | None = None

    @property
    def budget(self) -> float:
        return 1 - self.target

    def alert_windows(self, window_days: int) -> list[tuple[BurnWindow, float]]:
        """(window, bad-request ratio above which it alerts); a window whose threshold is not
        below 1 could never fire (a p50 target has a 50% budget: 14.4x that is no ratio) and
        is left out."""
        windows = []
        for window in WINDOWS:
            threshold = window.factor(window_days) * self.budget
            if threshold < 1:
                windows.append((window, round(threshold, 6)))
        return windows


def objectives(spec: PlatformSpec, service: Service) -> list[Objective]:
    """The service's availability (by tier) and the spec's three latency targets."""
    availability = spec.observability.slo.availability.of(service.tier) / 100
    return [Objective("availability", availability), *latency_objectives(spec)]


def latency_objectives(spec: PlatformSpec) -> list[Objective]:
    """The spec's three latency targets: the same for every service."""
    latency = spec.performance.latency
    return [
        Objective("latency-p50", 0.50, latency.p50_ms),
        Objective("latency-p90", 0.90, latency.p90_ms),
        Objective("latency-p99", 0.99, latency.p99_ms),
    ]


def latency_targets_ms(spec: PlatformSpec) -> list[int]:
    latency = spec.performance.latency
    return sorted({latency.p50_ms, latency.p90_ms, latency.p99_ms})


def histogram_buckets_ms(spec: PlatformSpec) -> list[float]:
    """Envoy's default bounds plus every latency target, so "requests under the target" is a
    bucket count rather than an interpolation."""
    return sorted({*ISTIO_DEFAULT_BUCKETS_MS, *(float(t) for t in latency_targets_ms(spec))})
