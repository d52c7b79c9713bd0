"""AWS::ApiGateway::Stage: free, unless it runs a cache cluster (billed per hour by size)."""

from __future__ import annotations

from chariot.plan.cost.billing import API_CACHE_SIZES, monthly_hours
from chariot.plan.cost.mapping import Context, Mapping, Unpriced
from chariot.plan.cost.model import CostLine, Resource

COMPONENT = "API Gateway"


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    if not resource.literal("CacheClusterEnabled", False):
        return [ctx.free(COMPONENT, resource, "REST stage without a cache: no charge")]
    size = str(resource.literal("CacheClusterSize", "0.5"))
    if size not in API_CACHE_SIZES:
        raise Unpriced(f"CacheClusterSize {size!r} is not a known cache size")
    return [
        ctx.line(
            COMPONENT, resource, f"REST API cache {size} GB", monthly_hours(), f"apigw.cache.{size}"
        )
    ]


MAPPING = Mapping("AWS::ApiGateway::Stage", COMPONENT, (), price)
