"""AWS::DynamoDB::Table: on-demand request units or provisioned capacity-hours, incl. GSIs.

On-demand: reads and writes from the usage file; every write also writes each GSI (all GSIs are
assumed to project the item). Provisioned: the table's and each GSI's capacity, 730 h a month.
When Application Auto Scaling tracks the table's capacity (a ScalableTarget and a
target-tracking policy in the templates), the table runs at the usage's average consumption
divided by the target utilisation, within the target's MinCapacity..MaxCapacity, not at the
template's initial capacity (the usage file's `average_rcu`/`average_wcu` override it).
Average consumption assumes one unit per request a second (4 KB strongly consistent reads,
1 KB writes). Plus storage and PITR.
"""

from __future__ import annotations

import math
from typing import Any

from chariot.plan.cost.billing import HOURS_PER_MONTH, dynamodb_on_demand_writes, monthly_hours
from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "DynamoDB"
READS = UsageKey(
    "dynamodb", "reads_millions", "million RRU/month", 15, "read request units per table"
)
WRITES = UsageKey(
    "dynamodb", "writes_millions", "million WRU/month", 15, "write request units per table"
)
STORAGE = UsageKey("dynamodb", "storage_gb", "GB", 10, "table storage per table")
FROM_TEMPLATE = "ProvisionedThroughput, or the auto scaling target at the usage"
RCU = UsageKey("dynamodb", "average_rcu", "RCU", 0, "average provisioned RCU", FROM_TEMPLATE)
WCU = UsageKey("dynamodb", "average_wcu", "WCU", 0, "average provisioned WCU", FROM_TEMPLATE)


def _capacity(throughput: Any) -> tuple[float, float]:
    if not isinstance(throughput, dict):
        return 0.0, 0.0
    return float(throughput.get("ReadCapacityUnits", 0)), float(
        throughput.get("WriteCapacityUnits", 0)
    )


SCALABLE_TARGET = "AWS::ApplicationAutoScaling::ScalableTarget"
SCALING_POLICY = "AWS::ApplicationAutoScaling::ScalingPolicy"


def _refers_to(value: Any, logical_id: str) -> bool:
    """A ResourceId such as {"Fn::Join": ["", ["table/", {"Ref": Id}]]} names the table."""
    if isinstance(value, dict):
        return value.get("Ref") == logical_id or any(
            _refers_to(v, logical_id) for v in value.values()
        )
    if isinstance(value, list):
        return any(_refers_to(v, logical_id) for v in value)
    return False


def autoscaling(resource: Resource, ctx: Context, unit: str) -> tuple[float, float, float] | None:
    """(min, max, target utilisation %) of the table's auto scaling for `unit` (Read|Write)."""
    dimension = f"dynamodb:table:{unit}CapacityUnits"
    for target in ctx.resources:
        props = target.properties
        if (
            target.type != SCALABLE_TARGET
            or target.stack != resource.stack
            or props.get("ScalableDimension") != dimension
            or not _refers_to(props.get("ResourceId"), resource.logical_id)
        ):
            continue
        policy = next(
            (
                p
                for p in ctx.resources
                if p.type == SCALING_POLICY
                and p.stack == target.stack
                and _refers_to(p.properties.get("ScalingTargetId"), target.logical_id)
            ),
            None,
        )
        config = (policy.properties if policy else {}).get(
            "TargetTrackingScalingPolicyConfiguration"
        ) or {}
        values = (props.get("MinCapacity"), props.get("MaxCapacity"), config.get("TargetValue"))
        low, high, utilisation = (v if isinstance(v, int | float) else None for v in values)
        if low is not None and high is not None and utilisation is not None:
            return float(low), float(high), float(utilisation)
    return None


def _autoscaled(
    resource: Resource, ctx: Context, unit: str, requests: UsageKey, fixed: float
) -> tuple[float, str]:
    """The average provisioned capacity of one dimension: auto scaled when a policy tracks it."""
    scaling = autoscaling(resource, ctx, unit)
    if scaling is None:
        return fixed, "template ProvisionedThroughput (no auto scaling)"
    return at_usage(resource, ctx, scaling, requests)


def at_usage(
    resource: Resource, ctx: Context, scaling: tuple[float, float, float], requests: UsageKey
) -> tuple[float, str]:
    """The capacity target tracking settles at: the usage's average consumption divided by
    the target utilisation, within MinCapacity..MaxCapacity."""
    low, high, utilisation = scaling
    millions, why = ctx.use(requests, resource)
    consumed = millions * 1e6 / (HOURS_PER_MONTH * 3600)
    provisioned = min(high, max(low, math.ceil(consumed / (utilisation / 100))))
    return provisioned, (
        f"auto scaling: {why} = {consumed:.1f}/s on average at {utilisation:g}% target "
        f"utilisation, within {low:g}..{high:g}"
    )


def table_lines(resource: Resource, ctx: Context, replicas: int = 1) -> list[CostLine]:
    """The lines of one table; `replicas` multiplies it for global tables."""
    name = resource.literal("TableName") or resource.logical_id
    gsis = resource.literal("GlobalSecondaryIndexes") or []
    gsis = gsis if isinstance(gsis, list) else []
    on_demand = resource.literal("BillingMode", "PROVISIONED") == "PAY_PER_REQUEST"
    ia = resource.literal("TableClass", "STANDARD") == "STANDARD_INFREQUENT_ACCESS"
    suffix = f" x {replicas} regions" if replicas > 1 else ""
    lines: list[CostLine] = []
    if on_demand:
        reads, why_r = ctx.use(READS, resource)
        writes, why_w = ctx.use(WRITES, resource)
        units = dynamodb_on_demand_writes(writes, len(gsis))
        lines += [
            ctx.line(
                COMPONENT,
                resource,
                f"{name}: on-demand reads{suffix}",
                reads * replicas,
                "dynamodb.ondemand.read",
                [why_r],
            ),
            ctx.line(
                COMPONENT,
                resource,
                f"{name}: on-demand writes (+{len(gsis)} GSI){suffix}",
                units * replicas,
                "dynamodb.ondemand.write",
                [why_w],
            ),
        ]
    else:
        rcu, wcu = _capacity(resource.literal("ProvisionedThroughput"))
        rcu, table_r = _autoscaled(resource, ctx, "Read", READS, rcu)
        wcu, table_w = _autoscaled(resource, ctx, "Write", WRITES, wcu)
        for gsi in gsis:
            g_rcu, g_wcu = _capacity(
                gsi.get("ProvisionedThroughput") if isinstance(gsi, dict) else None
            )
            rcu, wcu = rcu + g_rcu, wcu + g_wcu
        gsi_note = f" + {len(gsis)} GSI provisioned" if gsis else ""
        rcu, why_r = ctx.use(RCU, resource, (rcu, f"table: {table_r}{gsi_note}"))
        wcu, why_w = ctx.use(WCU, resource, (wcu, f"table: {table_w}{gsi_note}"))
        lines += [
            ctx.line(
                COMPONENT,
                resource,
                f"{name}: {rcu:g} RCU provisioned{suffix}",
                monthly_hours(rcu) * replicas,
                "dynamodb.provisioned.rcu",
                [why_r],
            ),
            ctx.line(
                COMPONENT,
                resource,
                f"{name}: {wcu:g} WCU provisioned{suffix}",
                monthly_hours(wcu) * replicas,
                "dynamodb.provisioned.wcu",
                [why_w],
            ),
        ]
    storage, why_s = ctx.use(STORAGE, resource)
    lines.append(
        ctx.line(
            COMPONENT,
            resource,
            f"{name}: storage{suffix}",
            storage * replicas,
            "dynamodb.storage.ia" if ia else "dynamodb.storage",
            [why_s],
        )
    )
    pitr = resource.literal("PointInTimeRecoverySpecification") or {}
    if isinstance(pitr, dict) and pitr.get("PointInTimeRecoveryEnabled"):
        lines.append(
            ctx.line(
                COMPONENT,
                resource,
                f"{name}: point-in-time recovery{suffix}",
                storage * replicas,
                "dynamodb.pitr",
                [why_s],
            )
        )
    return lines


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    return table_lines(resource, ctx)


MAPPING = Mapping("AWS::DynamoDB::Table", COMPONENT, (READS, WRITES, STORAGE, RCU, WCU), price)
