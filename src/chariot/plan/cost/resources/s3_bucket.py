"""AWS::S3::Bucket: S3 Standard storage per GB-month and write requests (lifecycle ignored),
and, with a ReplicationConfiguration, the bytes replication moves to the other region (new
objects: `s3.replicated_gb`, by default a tenth of the stored GB a month). The replica's own
storage is priced on the destination bucket when it is in the templates (the DR stack's)."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "S3 Storage"
STORAGE = UsageKey("s3", "storage_gb", "GB", 10, "stored per bucket (S3 Standard)")
PUTS = UsageKey("s3", "put_requests_thousands", "1k requests/month", 100, "PUT/COPY/POST/LIST")
REPLICATED = UsageKey(
    "s3",
    "replicated_gb",
    "GB/month",
    0,
    "new data a replicated bucket copies to another region",
    "10% of s3.storage_gb",
)
NEW_DATA_SHARE = 0.1


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    storage, why = ctx.use(STORAGE, resource)
    puts, why_p = ctx.use(PUTS, resource)
    lines = [
        ctx.line(
            COMPONENT,
            resource,
            "S3 Standard storage",
            storage,
            "s3.standard.storage",
            [why, "lifecycle transitions not modelled (upper bound)"],
        ),
        ctx.line(COMPONENT, resource, "write requests", puts, "s3.put_requests", [why_p]),
    ]
    replication = resource.literal("ReplicationConfiguration")
    if isinstance(replication, dict) and replication.get("Rules"):
        gb, why_r = ctx.use(
            REPLICATED,
            resource,
            (storage * NEW_DATA_SHARE, f"{NEW_DATA_SHARE:.0%} of the stored GB is new each month"),
        )
        lines.append(
            ctx.line(
                COMPONENT,
                resource,
                "cross-region replication transfer",
                gb,
                "transfer.inter_region.gb",
                [why_r, "replication PUT requests at the destination not priced"],
            )
        )
    return lines


MAPPING = Mapping("AWS::S3::Bucket", COMPONENT, (STORAGE, PUTS, REPLICATED), price)
