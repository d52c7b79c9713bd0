"""AWS::ApiGateway::RestApi: REST API requests in four tiers (its cache is on the Stage)."""

from __future__ import annotations

from chariot.plan.cost.billing import REST_API_TIERS, split_tiers
from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource
from chariot.plan.cost.resources import edge_traffic

COMPONENT = "API Gateway"


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    requests, why = edge_traffic.requests(resource, ctx)
    return [
        ctx.line(
            COMPONENT,
            resource,
            f"REST API requests ({price_id.rsplit('.', 1)[-1]})",
            amount,
            price_id,
            [why],
        )
        for amount, price_id in split_tiers(requests, REST_API_TIERS)
    ] or [ctx.line(COMPONENT, resource, "REST API requests", 0, REST_API_TIERS[0][1], [why])]


MAPPING = Mapping("AWS::ApiGateway::RestApi", COMPONENT, edge_traffic.KEYS, price)
