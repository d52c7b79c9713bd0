"""An EC2 placement needs a node pool of its capacity type (Karpenter NodePools mirror them).

On-demand needs an ON_DEMAND pool (no fallback: spot would break its reason for being);
spot-with-fallback needs both kinds and degrades to the one that exists.
"""

from __future__ import annotations

from chariot.plan.placement.base import Constraint, Redirect, pool_of
from chariot.spec.model import PlatformSpec, Service
from chariot.spec.placement import ComputeTarget


def _check(service: Service, spec: PlatformSpec, compute: ComputeTarget) -> Redirect | None:
    on_demand = pool_of(spec, "ON_DEMAND")
    spot = pool_of(spec, "SPOT")
    if compute == "ec2_on_demand" and on_demand is None:
        return Redirect(None, "no ON_DEMAND node pool in cluster.node_pools")
    if compute == "ec2_spot_with_on_demand_fallback":
        if spot is None:
            return Redirect("ec2_on_demand", "no SPOT node pool: on-demand only")
        if on_demand is None:
            return Redirect("ec2_spot", "no ON_DEMAND node pool to fall back to: spot only")
    return None


RULE = Constraint(
    name="node-pool-available",
    source="chariot: placements map onto cluster.node_pools",
    condition="EC2 proposed: a node pool of that capacity type exists",
    reason="a placement needs a node pool (and Karpenter NodePool) of its capacity type",
    check=_check,
)
