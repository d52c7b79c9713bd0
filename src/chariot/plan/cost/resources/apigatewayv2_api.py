"""AWS::ApiGatewayV2::Api: HTTP APIs per million requests in tiers; WebSocket messages+minutes.

HTTP APIs have no cache and no WAF (DESIGN #4): those are priced on CloudFront and its web ACL.
"""

from __future__ import annotations

from chariot.plan.cost.billing import HTTP_API_TIERS, split_tiers
from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey
from chariot.plan.cost.resources import edge_traffic

COMPONENT = "API Gateway"
MINUTES = UsageKey("websocket", "connection_minutes_millions", "million minutes", 0, "WebSocket")


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    requests, why = edge_traffic.requests(resource, ctx)
    if resource.literal("ProtocolType", "HTTP") == "WEBSOCKET":
        minutes, why_m = ctx.use(MINUTES, resource)
        return [
            ctx.line(
                COMPONENT,
                resource,
                "WebSocket messages",
                requests,
                "apigw.websocket.messages",
                [why],
            ),
            ctx.line(
                COMPONENT,
                resource,
                "WebSocket connection minutes",
                minutes,
                "apigw.websocket.minutes",
                [why_m],
            ),
        ]
    return [
        ctx.line(
            COMPONENT,
            resource,
            f"HTTP API requests ({price_id.rsplit('.', 1)[-1]})",
            amount,
            price_id,
            [why],
        )
        for amount, price_id in split_tiers(requests, HTTP_API_TIERS)
    ] or [ctx.line(COMPONENT, resource, "HTTP API requests", 0, HTTP_API_TIERS[0][1], [why])]


MAPPING = Mapping("AWS::ApiGatewayV2::Api", COMPONENT, (*edge_traffic.KEYS, MINUTES), price)
