"""AWS::DynamoDB::Table: on-demand request units or provisioned capacity-hours, incl. GSIs.

On-demand: reads and writes from the usage file; every write also writes each GSI (all GSIs are
assumed to project the item). Provisioned: the table's and each GSI's capacity, 730 h a month
(or the usage file's average when auto scaling moves it). Plus storage and PITR.
"""

from __future__ import annotations

from typing import Any

from chariot.plan.cost.billing import dynamodb_on_demand_writes, monthly_hours
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
RCU = UsageKey("dynamodb", "average_rcu", "RCU", 0, "average provisioned RCU (auto scaling)")
WCU = UsageKey("dynamodb", "average_wcu", "WCU", 0, "average provisioned WCU (auto scaling)")


def _capacity(throughput: Any) -> tuple[float, float]:
    if not isinstance(throughput, dict):
        return 0.0, 0.0
    return float(throughput.get("ReadCapacityUnits", 0)), float(
        throughput.get("WriteCapacityUnits", 0)
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
        for gsi in gsis:
            g_rcu, g_wcu = _capacity(
                gsi.get("ProvisionedThroughput") if isinstance(gsi, dict) else None
            )
            rcu, wcu = rcu + g_rcu, wcu + g_wcu
        rcu, why_r = ctx.use(RCU, resource, (rcu, f"table + {len(gsis)} GSI provisioned"))
        wcu, why_w = ctx.use(WCU, resource, (wcu, f"table + {len(gsis)} GSI provisioned"))
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
