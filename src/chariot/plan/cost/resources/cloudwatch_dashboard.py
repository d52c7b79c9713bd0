"""AWS::CloudWatch::Dashboard: a flat price per dashboard-month (the account's first three
dashboards of up to 50 metrics are free; not applied, the account may have others)."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource

COMPONENT = "CloudWatch Dashboards"


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    return [ctx.line(COMPONENT, resource, "dashboard", 1, "cloudwatch.dashboard")]


MAPPING = Mapping("AWS::CloudWatch::Dashboard", COMPONENT, (), price)
