"""AWS::EKS::Nodegroup: instance-hours (spot at a discount) plus a gp3 root disk per node.

The average node count comes from the usage file, else from the capacity plan for the node pool
the group implements (matched by name or labels), else the template's desired size.
"""

from __future__ import annotations

from typing import Any

from chariot.plan.cost.billing import monthly_hours
from chariot.plan.cost.mapping import Context, Mapping, Unpriced
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "EC2 Nodes"
NODES = UsageKey("node_group", "average_nodes", "nodes", 0, "average running nodes per group")
DEFAULT_DISK_GIB = 20  # EKS managed node groups' default root volume


def _pool(resource: Resource, ctx: Context) -> str | None:
    if ctx.spec is None:
        return None
    name = resource.literal("NodegroupName")
    labels: Any = resource.literal("Labels") or {}
    for pool in ctx.spec.cluster.node_pools:
        if name == pool.name or (isinstance(name, str) and name.endswith(f"-{pool.name}")):
            return pool.name
        if pool.labels and isinstance(labels, dict) and labels == pool.labels:
            return pool.name
    return None


def _derived(resource: Resource, ctx: Context) -> tuple[float, str] | None:
    pool = _pool(resource, ctx)
    if pool is not None and ctx.capacity is not None:
        planned = ctx.capacity.pool(pool)
        if planned is not None:
            return float(planned.nodes_at_target), f"capacity plan, node pool {pool}"
    scaling = resource.literal("ScalingConfig") or {}
    desired = scaling.get("DesiredSize") if isinstance(scaling, dict) else None
    if isinstance(desired, int | float):
        return float(desired), "template ScalingConfig.DesiredSize"
    return None


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    types = resource.literal("InstanceTypes")
    if not isinstance(types, list) or not types or not isinstance(types[0], str):
        raise Unpriced("InstanceTypes is not a literal list: the instance price is unknown")
    instance = types[0]
    nodes, why = ctx.use(NODES, resource, _derived(resource, ctx))
    pool = _pool(resource, ctx)
    spot = resource.literal("CapacityType", "ON_DEMAND") == "SPOT"
    assumptions = [why]
    if len(types) > 1:
        assumptions.append(f"priced as {instance}, the first of {', '.join(types)}")
    multiplier = 1.0
    if spot:
        discount = ctx.pricer.catalog["ec2.spot.discount"]
        multiplier = 1 - discount.usd
        assumptions.append(f"spot at {discount.usd:.0%} off on-demand ({discount.confidence})")
    disk = resource.literal("DiskSize", DEFAULT_DISK_GIB)
    disk = disk if isinstance(disk, int | float) else DEFAULT_DISK_GIB
    kind = "spot" if spot else "on-demand"
    return [
        ctx.line(
            COMPONENT,
            resource,
            f"{nodes:g} x {instance} {kind}",
            monthly_hours(nodes),
            f"ec2.instance.{instance}",
            assumptions,
            multiplier,
            pool,
        ),
        ctx.line(
            "EBS Volumes",
            resource,
            f"{nodes:g} x {disk} GiB gp3 root disk",
            nodes * disk,
            "ebs.gp3.storage",
            [why],
            pool=pool,
        ),
    ]


MAPPING = Mapping("AWS::EKS::Nodegroup", COMPONENT, (NODES,), price)
