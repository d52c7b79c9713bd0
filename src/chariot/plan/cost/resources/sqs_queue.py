"""AWS::SQS::Queue: per million requests (FIFO costs more); the free million is not applied."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "SQS"
REQUESTS = UsageKey("sqs", "requests_millions", "million requests/month", 1, "per queue")


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    fifo = bool(resource.literal("FifoQueue", False))
    requests, why = ctx.use(REQUESTS, resource)
    return [
        ctx.line(
            COMPONENT,
            resource,
            "FIFO requests" if fifo else "standard requests",
            requests,
            "sqs.fifo.requests" if fifo else "sqs.standard.requests",
            [why],
        )
    ]


MAPPING = Mapping("AWS::SQS::Queue", COMPONENT, (REQUESTS,), price)
