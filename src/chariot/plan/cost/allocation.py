"""Who the shared nodes are for: each pool's node cost split by the CPU its pods request.

The nodes of a pool (instance-hours, root disks, detailed monitoring: the lines with that
`pool`) serve the services the capacity plan places there and the platform's own pods (add-on
Deployments on the system pool and a DaemonSet pod per node). Each gets the share of the pool's
requested millicores its pods take at target (HPA min replicas); the platform's share is one
line. CPU is the packing constraint the plan sizes nodes by, so it is the fair key here; memory
is not used.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from chariot.plan.capacity import CapacityPlan
from chariot.plan.cost.model import CostLine

PLATFORM = "(platform)"


@dataclass(frozen=True)
class Allocation:
    owner: str  # a service name, or PLATFORM
    pool: str
    millicores: int
    share: float
    monthly_usd: float


def split_node_cost(lines: list[CostLine], capacity: CapacityPlan) -> list[Allocation]:
    """Per pool and owner: the share of the pool's node lines, by requested millicores."""
    cost: dict[str, float] = defaultdict(float)
    for line in lines:
        if line.pool is not None:
            cost[line.pool] += line.monthly_usd
    system_pool = next((p.name for p in capacity.pools if p.capacity_type == "ON_DEMAND"), None)
    result: list[Allocation] = []
    for pool in capacity.pools:
        if not cost.get(pool.name):
            continue
        owners: dict[str, int] = defaultdict(int)
        for svc in capacity.services:
            if svc.pool == pool.name and svc.compute != "fargate":
                owners[svc.service] += svc.hpa_min * svc.pod_millicores
        platform = pool.daemonset_millicores * pool.nodes_at_target
        if pool.name == system_pool:
            platform += sum(p.millicores * p.replicas for p in capacity.system)
        owners[PLATFORM] += platform
        total = sum(owners.values())
        for owner, millicores in sorted(owners.items(), key=lambda o: -o[1]):
            share = millicores / total if total else 0.0
            result.append(
                Allocation(
                    owner, pool.name, millicores, round(share, 4), round(cost[pool.name] * share, 2)
                )
            )
    return result
