"""AWS::CloudFront::Distribution: data out and HTTPS requests (US/Europe, PriceClass_100 rates)."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource
from chariot.plan.cost.resources.edge_traffic import GB_OUT, REQUESTS

COMPONENT = "CloudFront"


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    config = resource.literal("DistributionConfig") or {}
    price_class = config.get("PriceClass", "PriceClass_All") if isinstance(config, dict) else "?"
    gb, why_gb = ctx.use(GB_OUT, resource)
    requests, why = ctx.use(REQUESTS, resource)
    note = (
        []
        if price_class == "PriceClass_100"
        else [f"{price_class}: priced at US/Europe rates, other edges cost more"]
    )
    return [
        ctx.line(
            COMPONENT,
            resource,
            "data transfer out",
            gb,
            "cloudfront.transfer.na_eu",
            [why_gb, *note],
        ),
        ctx.line(
            COMPONENT,
            resource,
            "HTTPS requests",
            requests * 100,
            "cloudfront.https_requests.na_eu",
            [why],
        ),
    ]


MAPPING = Mapping("AWS::CloudFront::Distribution", COMPONENT, (GB_OUT, REQUESTS), price)
