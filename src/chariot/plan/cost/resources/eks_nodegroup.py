"""AWS::EKS::Nodegroup: instance-hours (spot at a discount) plus a gp3 root disk per node.

Node-hours follow what is deployed: the template's `ScalingConfig.DesiredSize`, resized by the
Scheduler schedules that call `UpdateNodegroupConfig` (weighted by the hours each size holds),
and never below what the capacity plan needs for the pool (max(schedule, plan) per hour: the
plan's pods need those nodes, and the plan's check fails when a schedule gives fewer). Each
extra layer of nodes above the always-on floor is its own line, so a commitment (Savings Plan)
is only ever advised on the floor. The root disk's size comes from the launch template when the
group has one (EKS ignores `DiskSize` then), and so does detailed monitoring (`Monitoring.
Enabled`: seven 1-minute EC2 metrics per instance, billed as CloudWatch metrics). A usage-file
`average_nodes` overrides the node count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chariot.plan.cost.billing import HOURS_PER_MONTH
from chariot.plan.cost.mapping import Context, Mapping, Unpriced
from chariot.plan.cost.model import CostLine, Resource, UsageKey
from chariot.plan.cost.schedules import HOURS_PER_WEEK, ScheduleError, resizes, week

COMPONENT = "EC2 Nodes"
NODES = UsageKey(
    "node_group",
    "average_nodes",
    "nodes",
    0,
    "average running nodes per group",
    "DesiredSize and the schedules, floored at the capacity plan",
)
DEFAULT_DISK_GIB = 20  # EKS managed node groups' default root volume
# Detailed monitoring sends 7 metrics at 1-minute resolution per instance (CPU, disk read/write
# bytes and ops, network in/out): https://aws.amazon.com/cloudwatch/pricing/
DETAILED_MONITORING_METRICS = 7
SPOT = "spot"


def _pool(resource: Resource, ctx: Context) -> str | None:
    if ctx.spec is None or not ctx.planned(resource):
        return None
    name = resource.literal("NodegroupName")
    labels: Any = resource.literal("Labels") or {}
    for pool in ctx.spec.cluster.node_pools:
        if name == pool.name or (isinstance(name, str) and name.endswith(f"-{pool.name}")):
            return pool.name
        if pool.labels and isinstance(labels, dict) and labels == pool.labels:
            return pool.name
    return None


def _launch_template(resource: Resource, ctx: Context) -> dict[str, Any]:
    """The `LaunchTemplateData` of the group's launch template, when it is in the templates."""
    spec = resource.properties.get("LaunchTemplate")
    ref = spec.get("Id") if isinstance(spec, dict) else None
    target = ref.get("Ref") if isinstance(ref, dict) else None
    for other in ctx.resources:
        if other.stack == resource.stack and other.logical_id == target:
            data = other.properties.get("LaunchTemplateData")
            return data if isinstance(data, dict) else {}
    return {}


def root_disk_gib(resource: Resource, ctx: Context) -> tuple[float, str]:
    """The root volume size: the launch template's first EBS mapping, else DiskSize, else 20."""
    mappings = _launch_template(resource, ctx).get("BlockDeviceMappings") or []
    for mapping in mappings if isinstance(mappings, list) else []:
        size = (mapping.get("Ebs") or {}).get("VolumeSize") if isinstance(mapping, dict) else None
        if isinstance(size, int | float):
            return float(size), "launch template BlockDeviceMappings"
    disk = resource.literal("DiskSize")
    if isinstance(disk, int | float):
        return float(disk), "template DiskSize"
    return float(DEFAULT_DISK_GIB), "EKS default root volume (no DiskSize, no launch template)"


@dataclass(frozen=True)
class Layer:
    """`nodes` more nodes running `hours_per_week` (168 = always)."""

    nodes: float
    hours_per_week: float

    @property
    def monthly_instance_hours(self) -> float:
        return self.nodes * self.hours_per_week / HOURS_PER_WEEK * HOURS_PER_MONTH


def layers(week_nodes: list[tuple[float, int]]) -> list[Layer]:
    """Stack a week's (hours, nodes) into an always-on floor plus layers that run part-time."""
    result: list[Layer] = []
    below = 0
    for level in sorted({nodes for _, nodes in week_nodes}):
        hours = sum(h for h, nodes in week_nodes if nodes >= level)
        if level > below:
            result.append(Layer(level - below, hours))
        below = level
    return result


def node_week(resource: Resource, ctx: Context) -> tuple[list[tuple[float, int]], list[str]]:
    """(hours per week, nodes) from the template and schedules, floored at the plan's need."""
    scaling = resource.literal("ScalingConfig") or {}
    desired = scaling.get("DesiredSize") if isinstance(scaling, dict) else None
    if not isinstance(desired, int):
        raise Unpriced("ScalingConfig.DesiredSize is not a literal number")
    name = resource.literal("NodegroupName")
    # a node group of the same name in the DR region is not resized by the primary's schedules
    changes = [
        r for r in resizes(ctx.resources) if r.nodegroup == name and r.region == resource.region
    ]
    notes = [f"template: DesiredSize {desired}"]
    try:
        hours = week(desired, changes)
    except ScheduleError as exc:
        raise Unpriced(f"schedule not understood: {exc}") from None
    notes += [
        f"schedule {c.name}: {c.desired} nodes at {c.expression} (UTC)"
        for c in sorted(changes, key=lambda c: c.name)
    ]
    pool = _pool(resource, ctx)
    planned = ctx.capacity.pool(pool) if pool is not None and ctx.capacity else None
    if planned is not None:
        need = planned.nodes_at_target
        short = sum(h for h, nodes in hours if nodes < need)
        if short:
            notes.append(
                f"capacity plan needs {need} nodes in pool {pool}: the {short:g} h/week the "
                f"template gives fewer are priced at {need} (max(schedule, plan))"
            )
        hours = [(h, max(nodes, need)) for h, nodes in hours]
    return hours, notes


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    types = resource.literal("InstanceTypes")
    if not isinstance(types, list) or not types or not isinstance(types[0], str):
        raise Unpriced("InstanceTypes is not a literal list: the instance price is unknown")
    instance = types[0]
    pool = _pool(resource, ctx)
    spot = resource.literal("CapacityType", "ON_DEMAND") == "SPOT"
    extra: list[str] = []
    if len(types) > 1:
        extra.append(f"priced as {instance}, the first of {', '.join(types)}")
    multiplier, model = 1.0, None
    if spot:
        discount = ctx.pricer.catalog["ec2.spot.discount"]
        multiplier, model = 1 - discount.usd, SPOT
        extra.append(f"spot at {discount.usd:.0%} off on-demand ({discount.confidence})")
    given = ctx.usage.given(NODES, resource)
    if given is not None:
        average, why = given
        stack, notes = [Layer(average, HOURS_PER_WEEK)], [why]
    else:
        hours, notes = node_week(resource, ctx)
        stack = layers(hours)
        average = sum(h * nodes for h, nodes in hours) / HOURS_PER_WEEK
    kind = SPOT if spot else "on-demand"
    lines: list[CostLine] = []
    for index, layer in enumerate(stack):
        always = layer.hours_per_week >= HOURS_PER_WEEK
        when = "always on" if always else f"{layer.hours_per_week:g} h/week"
        lines.append(
            ctx.line(
                COMPONENT,
                resource,
                f"{'+' if index else ''}{layer.nodes:g} x {instance} {kind}, {when}",
                layer.monthly_instance_hours,
                f"ec2.instance.{instance}",
                [*notes, *extra],
                multiplier,
                pool,
                model=model,
                steady=always,
            )
        )
    disk, disk_why = root_disk_gib(resource, ctx)
    lines.append(
        ctx.line(
            "EBS Volumes",
            resource,
            f"{average:.3g} nodes on average x {disk:g} GiB gp3 root disk",
            average * disk,
            "ebs.gp3.storage",
            [*notes, f"root disk: {disk_why}"],
            pool=pool,
        )
    )
    monitoring = _launch_template(resource, ctx).get("Monitoring") or {}
    if isinstance(monitoring, dict) and monitoring.get("Enabled") is True:
        lines.append(
            ctx.line(
                "CloudWatch Metrics",
                resource,
                f"detailed monitoring: {DETAILED_MONITORING_METRICS} metrics x {average:.3g} "
                "nodes on average",
                DETAILED_MONITORING_METRICS * average,
                "cloudwatch.metric",
                [*notes, "launch template Monitoring.Enabled (the free 10 metrics not applied)"],
                pool=pool,
            )
        )
    return lines


MAPPING = Mapping("AWS::EKS::Nodegroup", COMPONENT, (NODES,), price)
