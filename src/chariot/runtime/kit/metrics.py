"""Prometheus series every service exports on /metrics.

`chariot_http_requests_total` is the counter the HPA scales on: prometheus-adapter turns
`rate(chariot_http_requests_total[1m])` into the per-pod custom metric
`chariot_http_requests_per_second` (see docs/services.md). With several server workers in one
pod, set PROMETHEUS_MULTIPROC_DIR so the pod reports one sum instead of one worker's share.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter(
    "chariot_http_requests",
    "HTTP requests served, by route template and status (rate() of it feeds the HPA)",
    ["service", "method", "route", "status"],
)
LATENCY = Histogram(
    "chariot_http_request_duration_seconds",
    "Time to serve a request, from the first byte in to the last byte out",
    ["service", "method", "route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5, 5.0),
)
IN_FLIGHT = Gauge(
    "chariot_http_requests_in_flight",
    "Requests being served right now",
    ["service"],
    multiprocess_mode="livesum",
)
SHED = Counter(
    "chariot_http_requests_shed",
    "Requests answered 503 without being served: queue full, or waited past the queue timeout",
    ["service", "reason"],
)
CACHE = Counter(
    "chariot_cache_requests",
    "Cache look-ups by result: hit, miss, error (Redis failed), bypass (Redis skipped while down)",
    ["service", "result"],
)
CACHE_FAIL_OPEN = Counter(
    "chariot_cache_fail_open",
    "Operations served without the cache because Redis failed or was known to be down",
    ["service", "operation"],
)
BREAKER_OPEN = Gauge(
    "chariot_breaker_open",
    "1 while the circuit breaker of a dependency is open (calls skip it), else 0",
    ["service", "dependency"],
    multiprocess_mode="max",
)
BREAKER_TRIPS = Counter(
    "chariot_breaker_trips",
    "Times a dependency's circuit breaker opened after repeated failures (timeouts included)",
    ["service", "dependency"],
)
DEPENDENCY_ERRORS = Counter(
    "chariot_dependency_errors",
    "Failures talking to a dependency (table, cache, graph, jwks)",
    ["service", "dependency"],
)


def exposition() -> tuple[bytes, str]:
    """The text exposition, summed over workers when the multiprocess directory is set."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
