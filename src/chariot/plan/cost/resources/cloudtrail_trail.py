"""AWS::CloudTrail::Trail: the first copy of management events is free; data events are not."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "CloudTrail"
DATA = UsageKey("cloudtrail", "data_events_100k", "100k events/month", 0, "data events")
COPY = UsageKey(
    "cloudtrail",
    "extra_management_copies_100k",
    "100k events/month",
    0,
    "management events delivered by a second trail",
)


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    data, why = ctx.use(DATA, resource)
    copies, why_c = ctx.use(COPY, resource)
    return [
        ctx.free(COMPONENT, resource, "first copy of management events: no charge"),
        ctx.line(COMPONENT, resource, "data events", data, "cloudtrail.data_events", [why]),
        ctx.line(
            COMPONENT,
            resource,
            "additional management event copies",
            copies,
            "cloudtrail.management_copy",
            [why_c],
        ),
    ]


MAPPING = Mapping("AWS::CloudTrail::Trail", COMPONENT, (DATA, COPY), price)
