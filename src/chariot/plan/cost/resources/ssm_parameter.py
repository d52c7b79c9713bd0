"""AWS::SSM::Parameter: standard parameters are free; advanced ones are billed per month."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource

COMPONENT = "SSM Parameters"


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    if resource.literal("Tier", "Standard") == "Advanced":
        return [ctx.line(COMPONENT, resource, "advanced parameter", 1, "ssm.parameter.advanced")]
    return [ctx.free(COMPONENT, resource, "standard parameter: no charge")]


MAPPING = Mapping("AWS::SSM::Parameter", COMPONENT, (), price)
