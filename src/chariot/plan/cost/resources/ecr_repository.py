"""AWS::ECR::Repository: image storage per GB-month (same-region pulls and basic scanning are
free; pulls through a NAT gateway are priced there)."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "ECR"
STORAGE = UsageKey(
    "images", "storage_gb", "GB-month", 10, "per repository: kept images x compressed size"
)


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    storage, why = ctx.use(STORAGE, resource)
    return [ctx.line(COMPONENT, resource, "image storage", storage, "ecr.storage", [why])]


MAPPING = Mapping("AWS::ECR::Repository", COMPONENT, (STORAGE,), price)
