"""DESIGN #3: EKS has no Fargate Spot; spot capacity means EC2 Spot nodes.

EKS sends a pod to Fargate when a profile matches it, whatever its node selector says. A spot
placement in a namespace that a label-less Fargate profile captures would silently run on
on-demand Fargate, so it is rejected; without a SPOT node pool a spot proposal is moved to
on-demand EC2 (a pin to spot is a conflict).
"""

from __future__ import annotations

from chariot.plan.placement.base import Constraint, Redirect, capturing_profile, pool_of
from chariot.spec.model import PlatformSpec, Service
from chariot.spec.placement import ComputeTarget

SPOT_TARGETS = ("ec2_spot", "ec2_spot_with_on_demand_fallback")


def _check(service: Service, spec: PlatformSpec, compute: ComputeTarget) -> Redirect | None:
    if compute not in SPOT_TARGETS:
        return None
    profile = capturing_profile(spec, service)
    if profile is not None:
        return Redirect(
            None,
            f"Fargate profile {profile.name!r} captures every pod in namespace "
            f"{service.namespace!r}; EKS has no Fargate Spot, so the spot placement would run "
            "as on-demand Fargate — give the profile selector labels or move the service",
        )
    if pool_of(spec, "SPOT") is None:
        return Redirect(
            "ec2_on_demand",
            "no SPOT node pool in cluster.node_pools (EKS has no Fargate Spot); on-demand EC2",
        )
    return None


RULE = Constraint(
    name="no-fargate-spot",
    source="docs/design.md decision 3",
    condition="spot proposed: it must be EC2 Spot on a SPOT node pool",
    reason="EKS has no Fargate Spot: spot capacity means EC2 Spot nodes",
    check=_check,
)
