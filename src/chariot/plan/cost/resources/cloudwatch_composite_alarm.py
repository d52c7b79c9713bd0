"""AWS::CloudWatch::CompositeAlarm: per composite alarm-month."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource

COMPONENT = "CloudWatch Alarms"


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    return [ctx.line(COMPONENT, resource, "composite alarm", 1, "cloudwatch.alarm.composite")]


MAPPING = Mapping("AWS::CloudWatch::CompositeAlarm", COMPONENT, (), price)
