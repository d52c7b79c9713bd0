"""Seed: background jobs running over 15 minutes that tolerate interruption -> EC2 Spot."""

from __future__ import annotations

from chariot.plan.placement.base import Preference
from chariot.spec.model import PlatformSpec, Service, WorkloadKind

MINUTES_ABOVE = 15


def _matches(service: Service, spec: PlatformSpec) -> bool:
    return (
        service.kind is WorkloadKind.BACKGROUND
        and service.execution_time_minutes > MINUTES_ABOVE
        and service.fault_tolerant
    )


def _detail(service: Service) -> str:
    return f"background, runs {service.execution_time_minutes:g} min, fault tolerant"


RULE = Preference(
    name="background-long-running",
    source="seed: placement_rules.background_jobs",
    condition=f"kind = background and execution time > {MINUTES_ABOVE} min and fault tolerant",
    compute="ec2_spot",
    reason="long-running and interruptible: spot capacity cuts compute cost by 60-90%",
    matches=_matches,
    detail=_detail,
)
