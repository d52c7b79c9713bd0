"""AWS::EC2::EIP: a public IPv4 address is billed per hour, attached or idle (since 2024-02)."""

from __future__ import annotations

from chariot.plan.cost.billing import monthly_hours
from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource

COMPONENT = "Public IPv4"


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    return [
        ctx.line(COMPONENT, resource, "Elastic IP address", monthly_hours(), "vpc.public_ipv4.hour")
    ]


MAPPING = Mapping("AWS::EC2::EIP", COMPONENT, (), price)
