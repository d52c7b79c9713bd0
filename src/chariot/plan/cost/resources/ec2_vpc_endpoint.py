"""AWS::EC2::VPCEndpoint: interface endpoints per AZ-hour + per GB; gateway endpoints are free."""

from __future__ import annotations

from chariot.plan.cost.billing import monthly_hours
from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "VPC Endpoints"
HOURS = "interface endpoint ({name}) x {azs} AZs"


def endpoint_name(description: str) -> str | None:
    """The endpoint's service name back from its hours line's description."""
    head, _, rest = description.partition("(")
    if head != "interface endpoint ":
        return None
    return rest.split(")", 1)[0]


GB = UsageKey(
    "vpc_endpoint", "gb_processed", "GB/month", 10, "data processed per interface endpoint"
)


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    kind = resource.literal("VpcEndpointType", "Gateway")
    service = resource.literal("ServiceName", "?")
    name = service.split(".", 3)[-1] if isinstance(service, str) else "?"  # com.amazonaws.<region>.
    if kind == "Gateway":
        return [ctx.free(COMPONENT, resource, f"gateway endpoint ({name}): no charge")]
    subnets = resource.literal("SubnetIds")
    assumptions = []
    if isinstance(subnets, list):
        azs = len(subnets)
    else:
        azs = len(ctx.spec.availability_zones) if ctx.spec else 1
        assumptions.append(f"SubnetIds not literal: {azs} AZs assumed")
    gb, why = ctx.use(GB, resource)
    return [
        ctx.line(
            COMPONENT,
            resource,
            HOURS.format(name=name, azs=azs),
            monthly_hours(azs),
            "privatelink.interface.hour",
            assumptions,
        ),
        ctx.line(
            COMPONENT, resource, f"data processed ({name})", gb, "privatelink.interface.gb", [why]
        ),
    ]


MAPPING = Mapping("AWS::EC2::VPCEndpoint", COMPONENT, (GB,), price)
