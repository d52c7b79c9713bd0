"""AWS::Route53Resolver::ResolverQueryLoggingConfig: no charge for the configuration itself.

The queries it logs are billed where they land: as ingestion and storage on the destination log
group (or bucket), which its own mapping prices.
"""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource

COMPONENT = "DNS Query Logs"


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    return [
        ctx.free(COMPONENT, resource, "query logging config: billed on its destination log group")
    ]


MAPPING = Mapping("AWS::Route53Resolver::ResolverQueryLoggingConfig", COMPONENT, (), price)
