"""Seed: a latency requirement under 50 ms -> EC2 on-demand (no cold starts).

It applies to any kind of workload: the latency requirement is the condition. An SLO of N ms
means "answer in under N ms", so `latency_slo_ms <= 50` satisfies the seed's "< 50ms".
"""

from __future__ import annotations

from chariot.plan.placement.base import Preference
from chariot.spec.model import PlatformSpec, Service

LATENCY_AT_MOST_MS = 50


def _matches(service: Service, spec: PlatformSpec) -> bool:
    return service.latency_slo_ms <= LATENCY_AT_MOST_MS


def _detail(service: Service) -> str:
    return f"SLO {service.latency_slo_ms} ms <= {LATENCY_AT_MOST_MS} ms"


RULE = Preference(
    name="realtime-low-latency",
    source="seed: placement_rules.real_time",
    condition=f"latency SLO < {LATENCY_AT_MOST_MS} ms",
    compute="ec2_on_demand",
    reason="consistent performance, no cold starts: warm on-demand nodes that are never reclaimed",
    matches=_matches,
    detail=_detail,
)
