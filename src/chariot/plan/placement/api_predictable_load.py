"""Seed: API services with RPS > 500 and a latency requirement under 200 ms -> Fargate.

The seed's reason is "predictable scaling, managed infrastructure". An SLO of N ms means
"answer in under N ms", so `latency_slo_ms <= 200` satisfies the seed's "< 200ms". Meshed
services never keep this proposal: the `mesh-not-on-fargate` constraint moves them to managed
on-demand EC2 capacity.
"""

from __future__ import annotations

from chariot.plan.placement.base import Preference
from chariot.spec.model import PlatformSpec, Service, WorkloadKind

RPS_ABOVE = 500
LATENCY_AT_MOST_MS = 200


def _matches(service: Service, spec: PlatformSpec) -> bool:
    return (
        service.kind is WorkloadKind.API
        and service.target_rps > RPS_ABOVE
        and service.latency_slo_ms <= LATENCY_AT_MOST_MS
    )


def _detail(service: Service) -> str:
    return f"api, {service.target_rps:g} rps > {RPS_ABOVE}, SLO {service.latency_slo_ms} ms"


RULE = Preference(
    name="api-predictable-load",
    source="seed: placement_rules.api_services",
    condition=f"kind = api and target_rps > {RPS_ABOVE} and latency SLO < {LATENCY_AT_MOST_MS} ms",
    compute="fargate",
    reason="predictable load: managed capacity that scales with the request rate",
    matches=_matches,
    detail=_detail,
)
