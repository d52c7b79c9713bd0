"""AWS::CloudFront::Distribution: data out and HTTPS requests (US/Europe, PriceClass_100 rates),
after the always-free 1 TB and 10M requests a month (`billing.FREE_CLOUDFRONT_*`)."""

from __future__ import annotations

from chariot.plan.cost.billing import (
    FREE_CLOUDFRONT_GB,
    FREE_CLOUDFRONT_REQUESTS_MILLIONS,
    after_free,
)
from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource
from chariot.plan.cost.resources import edge_traffic
from chariot.plan.cost.resources.edge_traffic import GB_OUT

COMPONENT = "CloudFront"
FREE_TIER = "CloudFront always-free tier applied (1 TB, 10M requests a month per account)"


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    config = resource.literal("DistributionConfig") or {}
    price_class = config.get("PriceClass", "PriceClass_All") if isinstance(config, dict) else "?"
    gb, why_gb = ctx.use(GB_OUT, resource)
    requests, why = edge_traffic.requests(resource, ctx)
    note = (
        []
        if price_class == "PriceClass_100"
        else [f"{price_class}: priced at US/Europe rates, other edges cost more"]
    )
    return [
        ctx.line(
            COMPONENT,
            resource,
            f"data transfer out ({gb:g} GB, first {FREE_CLOUDFRONT_GB:g} free)",
            after_free(gb, FREE_CLOUDFRONT_GB),
            "cloudfront.transfer.na_eu",
            [why_gb, *note, FREE_TIER],
        ),
        ctx.line(
            COMPONENT,
            resource,
            f"HTTPS requests ({requests:g}M, first {FREE_CLOUDFRONT_REQUESTS_MILLIONS:g}M free)",
            after_free(requests, FREE_CLOUDFRONT_REQUESTS_MILLIONS) * 100,
            "cloudfront.https_requests.na_eu",
            [why, FREE_TIER],
        ),
    ]


MAPPING = Mapping("AWS::CloudFront::Distribution", COMPONENT, (GB_OUT, *edge_traffic.KEYS), price)
