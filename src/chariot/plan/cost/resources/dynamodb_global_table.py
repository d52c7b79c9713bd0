"""AWS::DynamoDB::GlobalTable: one table per replica region plus replicated writes.

Each replica is billed like a table (reads served locally, storage, PITR); writes are replicated
to every other region as replicated write units.
"""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource
from chariot.plan.cost.resources.dynamodb_table import RCU, READS, STORAGE, WCU, WRITES, table_lines

COMPONENT = "DynamoDB"


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    replicas = resource.literal("Replicas") or []
    count = len(replicas) if isinstance(replicas, list) and replicas else 1
    first = replicas[0] if isinstance(replicas, list) and replicas else {}
    pitr = first.get("PointInTimeRecoverySpecification") if isinstance(first, dict) else None
    table = Resource(
        resource.stack,
        resource.logical_id,
        resource.type,
        {
            **resource.properties,
            "PointInTimeRecoverySpecification": pitr or {},
            "ProvisionedThroughput": None,
        },
    )
    lines = table_lines(table, ctx, count)
    if count > 1:
        writes, why = ctx.use(WRITES, resource)
        lines.append(
            ctx.line(
                COMPONENT,
                resource,
                f"replicated writes to {count - 1} other regions",
                writes * (count - 1),
                "dynamodb.replicated_write",
                [why],
            )
        )
    return lines


MAPPING = Mapping(
    "AWS::DynamoDB::GlobalTable", COMPONENT, (READS, WRITES, STORAGE, RCU, WCU), price
)
