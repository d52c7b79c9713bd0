"""Seed: batch analytics -> EC2 Spot with on-demand fallback.

The seed says "EC2 Spot + Fargate"; EKS has no Fargate Spot, so the fallback is on-demand EC2
capacity, expressed as a soft preference for the spot pool that still tolerates its taints.
"""

from __future__ import annotations

from chariot.plan.placement.base import Preference
from chariot.spec.model import PlatformSpec, Service, WorkloadKind


def _matches(service: Service, spec: PlatformSpec) -> bool:
    return service.kind is WorkloadKind.BATCH_ANALYTICS


def _detail(service: Service) -> str:
    return "batch-analytics workload"


RULE = Preference(
    name="batch-analytics",
    source="seed: workload classification matrix, batch analytics",
    condition="kind = batch-analytics",
    compute="ec2_spot_with_on_demand_fallback",
    reason="mixed workload: spot for cost, on-demand when spot capacity is reclaimed",
    matches=_matches,
    detail=_detail,
)
