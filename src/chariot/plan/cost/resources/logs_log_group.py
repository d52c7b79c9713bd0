"""AWS::Logs::LogGroup: ingestion per GB plus the stored GB its retention keeps (steady state)."""

from __future__ import annotations

from chariot.plan.cost.billing import log_storage_gb
from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "CloudWatch Logs"
INGEST = UsageKey("logs", "ingest_gb", "GB/month", 5, "ingested per log group")


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    ingest, why = ctx.use(INGEST, resource)
    retention = resource.literal("RetentionInDays")
    retention = retention if isinstance(retention, int) else None
    stored = log_storage_gb(ingest, retention)
    kept = f"{retention} days" if retention else "never expires: 12 months counted"
    name = resource.literal("LogGroupName") or resource.logical_id
    return [
        ctx.line(COMPONENT, resource, f"{name}: ingestion", ingest, "logs.ingest", [why]),
        ctx.line(
            COMPONENT,
            resource,
            f"{name}: storage ({kept})",
            stored,
            "logs.storage",
            [why, "uncompressed size counted (conservative)"],
        ),
    ]


MAPPING = Mapping("AWS::Logs::LogGroup", COMPONENT, (INGEST,), price)
