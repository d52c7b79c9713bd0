"""AWS::WAFv2::WebACL: per ACL-month, per rule (a managed rule group counts as one), per request."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource
from chariot.plan.cost.resources import edge_traffic

COMPONENT = "WAF"


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    rules = resource.literal("Rules") or []
    count = len(rules) if isinstance(rules, list) else 0
    requests, why = edge_traffic.requests(resource, ctx)
    return [
        ctx.line(COMPONENT, resource, "web ACL", 1, "waf.webacl"),
        ctx.line(
            COMPONENT,
            resource,
            f"{count} rules / rule groups",
            count,
            "waf.rule",
            [] if isinstance(rules, list) else ["Rules not literal: 0 counted"],
        ),
        ctx.line(COMPONENT, resource, "requests inspected", requests, "waf.requests", [why]),
    ]


MAPPING = Mapping("AWS::WAFv2::WebACL", COMPONENT, edge_traffic.KEYS, price)
