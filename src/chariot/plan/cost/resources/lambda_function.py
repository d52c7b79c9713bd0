"""AWS::Lambda::Function: requests and GB-seconds (CDK's custom-resource handlers run rarely)."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "Lambda"
INVOCATIONS = UsageKey("lambda", "invocations_millions", "million/month", 0.001, "per function")
DURATION = UsageKey("lambda", "average_seconds", "s", 1, "average duration per invocation")
DEFAULT_MEMORY_MB = 128


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    invocations, why = ctx.use(INVOCATIONS, resource)
    seconds, why_s = ctx.use(DURATION, resource)
    memory = resource.literal("MemorySize", DEFAULT_MEMORY_MB)
    memory = memory if isinstance(memory, int) else DEFAULT_MEMORY_MB
    gb_seconds = invocations * 1_000_000 * seconds * memory / 1024
    return [
        ctx.line(COMPONENT, resource, "requests", invocations, "lambda.requests", [why]),
        ctx.line(
            COMPONENT,
            resource,
            f"compute at {memory} MB",
            gb_seconds,
            "lambda.gb_second",
            [why, why_s],
        ),
    ]


MAPPING = Mapping("AWS::Lambda::Function", COMPONENT, (INVOCATIONS, DURATION), price)
