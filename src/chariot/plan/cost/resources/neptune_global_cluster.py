"""AWS::Neptune::GlobalCluster: the global database itself has no charge; what it causes is
billed on its clusters (the DR secondary's instance, storage and I/O are priced by the
DBCluster and DBInstance mappings in the DR region's stack). Replicated write I/Os to the
secondary are not in the price catalog yet: the line says so rather than guessing a rate."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource

COMPONENT = "Neptune"


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    return [
        ctx.free(
            COMPONENT,
            resource,
            "global database: no charge of its own (the secondary cluster is priced with its "
            "stack; replicated write I/Os not priced: no catalog figure)",
        )
    ]


MAPPING = Mapping("AWS::Neptune::GlobalCluster", COMPONENT, (), price)
