"""AWS::EC2::NatGateway: hourly per gateway plus every GB it processes."""

from __future__ import annotations

from chariot.plan.cost.billing import monthly_hours
from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "NAT Gateway"
GB = UsageKey("nat_gateway", "gb_processed", "GB/month", 100, "data processed per NAT gateway")


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    gb, why = ctx.use(GB, resource)
    return [
        ctx.line(COMPONENT, resource, "gateway hours", monthly_hours(), "vpc.nat.hour"),
        ctx.line(COMPONENT, resource, "data processed", gb, "vpc.nat.gb", [why]),
    ]


MAPPING = Mapping("AWS::EC2::NatGateway", COMPONENT, (GB,), price)
