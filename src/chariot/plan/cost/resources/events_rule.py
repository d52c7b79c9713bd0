"""AWS::Events::Rule: rules and AWS service events are free; custom events are per million."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "EventBridge"
CUSTOM = UsageKey(
    "eventbridge",
    "custom_events_millions",
    "million events/month",
    0,
    "custom events matched by the rule's bus",
)


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    custom, why = ctx.use(CUSTOM, resource)
    return [ctx.line(COMPONENT, resource, "custom events", custom, "events.custom", [why])]


MAPPING = Mapping("AWS::Events::Rule", COMPONENT, (CUSTOM,), price)
