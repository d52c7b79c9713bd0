"""AWS::S3::Bucket: S3 Standard storage per GB-month and write requests (lifecycle ignored)."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "S3 Storage"
STORAGE = UsageKey("s3", "storage_gb", "GB", 10, "stored per bucket (S3 Standard)")
PUTS = UsageKey("s3", "put_requests_thousands", "1k requests/month", 100, "PUT/COPY/POST/LIST")


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    storage, why = ctx.use(STORAGE, resource)
    puts, why_p = ctx.use(PUTS, resource)
    return [
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


MAPPING = Mapping("AWS::S3::Bucket", COMPONENT, (STORAGE, PUTS), price)
