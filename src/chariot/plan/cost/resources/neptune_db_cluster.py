"""AWS::Neptune::DBCluster: shared cluster storage per GB-month and I/O per million requests."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "Neptune"
STORAGE = UsageKey("neptune", "storage_gb", "GB", 50, "cluster volume size")
IO = UsageKey("neptune", "io_millions", "million I/O/month", 50, "storage I/O requests")


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    storage, why_s = ctx.use(STORAGE, resource)
    io, why_io = ctx.use(IO, resource)
    return [
        ctx.line(COMPONENT, resource, "cluster storage", storage, "neptune.storage", [why_s]),
        ctx.line(COMPONENT, resource, "I/O requests", io, "neptune.io", [why_io]),
    ]


MAPPING = Mapping("AWS::Neptune::DBCluster", COMPONENT, (STORAGE, IO), price)
