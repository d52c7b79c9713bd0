"""AWS::DynamoDB::GlobalTable: every replica is billed in its own region.

As AWS bills global tables
(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/global-tables-billing.html):
each write is billed once in *every* replica as a replicated write unit (rWRU on demand, rWCU
provisioned; priced as WRU/WCU), each GSI update as an ordinary write unit in every replica, and
cross-region transfer applies to what is replicated. Storage and PITR are billed per replica
(PITR only where the replica enables it). Reads are served where they are made: the usage's
reads are priced in the platform's region; a provisioned replica elsewhere idles at its read
autoscaling minimum. A replica is priced at its region's catalog when the estimate loaded one
(the DR region's, whose stacks are in the templates), else at the home catalog's rate, and says so.
"""

from __future__ import annotations

from typing import Any

from chariot.plan.cost.billing import monthly_hours
from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource
from chariot.plan.cost.resources.dynamodb_table import (
    RCU,
    READS,
    STORAGE,
    WCU,
    WRITES,
    at_usage,
)

COMPONENT = "DynamoDB"
BILLING = (
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/global-tables-billing.html"
)
KB_PER_WRITE = 1.0  # one write unit: an item of up to 1 KB


def _scaling(settings: Any, key: str) -> tuple[float, float, float] | None:
    """(min, max, target %) of `{key}CapacityAutoScalingSettings` in a throughput block."""
    block = (
        settings.get(f"{key}CapacityAutoScalingSettings") if isinstance(settings, dict) else None
    )
    if not isinstance(block, dict):
        return None
    tracking = block.get("TargetTrackingScalingPolicyConfiguration") or {}
    values = (block.get("MinCapacity"), block.get("MaxCapacity"), tracking.get("TargetValue"))
    if all(isinstance(v, int | float) for v in values):
        low, high, target = (float(v) for v in values)  # type: ignore[arg-type]
        return low, high, target
    return None


def _fixed_reads(settings: Any) -> float:
    value = settings.get("ReadCapacityUnits") if isinstance(settings, dict) else None
    return float(value) if isinstance(value, int | float) else 0.0


def _replica_lines(
    resource: Resource, ctx: Context, replica: dict[str, Any], home: str, count: int
) -> list[CostLine]:
    region = str(replica.get("Region", "?"))
    name = resource.literal("TableName") or resource.logical_id
    where = f"{name} in {region}"
    # billed in the replica's region (the replication transfer, below, in the home region)
    there, rate = (ctx, []) if region == home else ctx.in_region(region)
    gsis = resource.literal("GlobalSecondaryIndexes") or []
    gsis = gsis if isinstance(gsis, list) else []
    lines: list[CostLine] = []
    writes, why_w = ctx.use(WRITES, resource)
    if resource.literal("BillingMode", "PROVISIONED") == "PAY_PER_REQUEST":
        if region == home:
            reads, why_r = ctx.use(READS, resource)
            lines.append(
                ctx.line(COMPONENT, resource, f"{where}: on-demand reads", reads,
                         "dynamodb.ondemand.read", [why_r])
            )  # fmt: skip
        lines.append(
            there.line(COMPONENT, resource, f"{where}: replicated writes", writes,
                     "dynamodb.replicated_write", [why_w, BILLING, *rate])
        )  # fmt: skip
        if gsis:
            lines.append(
                there.line(COMPONENT, resource, f"{where}: writes to {len(gsis)} GSI",
                         writes * len(gsis), "dynamodb.ondemand.write", [why_w, *rate])
            )  # fmt: skip
    else:
        write_scaling = _scaling(resource.literal("WriteProvisionedThroughputSettings"), "Write")
        wcu, why_wcu = (
            at_usage(resource, ctx, write_scaling, WRITES) if write_scaling else (0.0, "unset")
        )
        wcu, why_wcu = ctx.use(WCU, resource, (wcu * (1 + len(gsis)), f"{why_wcu}, x table+GSI"))
        read_settings = replica.get("ReadProvisionedThroughputSettings")
        read_scaling = _scaling(read_settings, "Read")
        if read_scaling is None:
            rcu, why_rcu = _fixed_reads(read_settings), "replica ReadCapacityUnits"
        elif region == home:
            rcu, why_rcu = at_usage(resource, ctx, read_scaling, READS)
        else:
            rcu, why_rcu = read_scaling[0], "no reads here: the autoscaling minimum"
        if region == home:
            rcu, why_rcu = ctx.use(RCU, resource, (rcu, why_rcu))
        lines += [
            there.line(COMPONENT, resource, f"{where}: {rcu:g} RCU provisioned",
                     monthly_hours(rcu), "dynamodb.provisioned.rcu", [why_rcu, *rate]),
            there.line(COMPONENT, resource, f"{where}: {wcu:g} rWCU provisioned",
                     monthly_hours(wcu), "dynamodb.provisioned.rwcu", [why_wcu, BILLING, *rate]),
        ]  # fmt: skip
    storage, why_s = ctx.use(STORAGE, resource)
    ia = replica.get("TableClass", resource.literal("TableClass")) == "STANDARD_INFREQUENT_ACCESS"
    lines.append(
        there.line(COMPONENT, resource, f"{where}: storage", storage,
                 "dynamodb.storage.ia" if ia else "dynamodb.storage", [why_s, *rate])
    )  # fmt: skip
    pitr = replica.get("PointInTimeRecoverySpecification") or {}
    if isinstance(pitr, dict) and pitr.get("PointInTimeRecoveryEnabled") is True:
        lines.append(
            there.line(COMPONENT, resource, f"{where}: point-in-time recovery", storage,
                     "dynamodb.pitr", [why_s, *rate])
        )  # fmt: skip
    if region != home and count > 1:
        gb = writes * 1e6 * KB_PER_WRITE / 1024 / 1024
        lines.append(
            ctx.line(COMPONENT, resource, f"{where}: replication transfer from {home}", gb,
                     "transfer.inter_region.gb", [why_w, f"{KB_PER_WRITE:g} KB per write"])
        )  # fmt: skip
    return lines


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    replicas = [r for r in resource.literal("Replicas") or [] if isinstance(r, dict)]
    if not replicas:
        replicas = [{"Region": ctx.spec.region if ctx.spec else "?"}]
    home = ctx.spec.region if ctx.spec else str(replicas[0].get("Region", "?"))
    return [
        line
        for replica in replicas
        for line in _replica_lines(resource, ctx, replica, home, len(replicas))
    ]


MAPPING = Mapping(
    "AWS::DynamoDB::GlobalTable", COMPONENT, (READS, WRITES, STORAGE, RCU, WCU), price
)
