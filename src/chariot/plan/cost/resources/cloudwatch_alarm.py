"""AWS::CloudWatch::Alarm: per alarm-metric-month; high resolution (period < 60 s) costs more."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource

COMPONENT = "CloudWatch Alarms"
HIGH_RESOLUTION_BELOW_SECONDS = 60


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    metrics = resource.literal("Metrics")
    count = (
        sum(1 for m in metrics if isinstance(m, dict) and "MetricStat" in m)
        if isinstance(metrics, list)
        else 1
    )
    period = resource.literal("Period", 60)
    high = isinstance(period, int) and period < HIGH_RESOLUTION_BELOW_SECONDS
    return [
        ctx.line(
            COMPONENT,
            resource,
            f"alarm on {max(count, 1)} metric(s)",
            max(count, 1),
            "cloudwatch.alarm.high_resolution" if high else "cloudwatch.alarm.standard",
        )
    ]


MAPPING = Mapping("AWS::CloudWatch::Alarm", COMPONENT, (), price)
