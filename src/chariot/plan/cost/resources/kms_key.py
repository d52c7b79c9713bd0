"""AWS::KMS::Key: $1 per key-month, +$1 for each of the first two rotated versions, + requests."""

from __future__ import annotations

from chariot.plan.cost.billing import kms_rotated_versions
from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "KMS Keys"
YEARS = UsageKey("kms", "years_rotated", "years", 1, "how long keys have been rotating")
REQUESTS = UsageKey("kms", "requests_10k", "10k requests/month", 10, "API requests per key")


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    lines = [ctx.line(COMPONENT, resource, "customer managed key", 1, "kms.key")]
    if resource.literal("EnableKeyRotation", False):
        years, why = ctx.use(YEARS, resource)
        versions = kms_rotated_versions(years)
        lines.append(
            ctx.line(
                COMPONENT,
                resource,
                f"{versions} rotated key versions",
                versions,
                "kms.rotation",
                [why],
            )
        )
    requests, why_r = ctx.use(REQUESTS, resource)
    lines.append(ctx.line(COMPONENT, resource, "API requests", requests, "kms.requests", [why_r]))
    return lines


MAPPING = Mapping("AWS::KMS::Key", COMPONENT, (YEARS, REQUESTS), price)
