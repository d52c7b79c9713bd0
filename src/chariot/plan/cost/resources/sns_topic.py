"""AWS::SNS::Topic: publish requests per million (alerts are a handful a month)."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "SNS"
PUBLISHES = UsageKey("sns", "publishes_millions", "million/month", 0, "publish requests per topic")


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    publishes, why = ctx.use(PUBLISHES, resource)
    return [ctx.line(COMPONENT, resource, "publish requests", publishes, "sns.requests", [why])]


MAPPING = Mapping("AWS::SNS::Topic", COMPONENT, (PUBLISHES,), price)
