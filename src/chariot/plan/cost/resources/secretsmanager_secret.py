"""AWS::SecretsManager::Secret: per secret-month plus API calls."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "Secrets Manager"
CALLS = UsageKey("secrets", "api_calls_10k", "10k calls/month", 5, "GetSecretValue etc. per secret")


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    calls, why = ctx.use(CALLS, resource)
    return [
        ctx.line(COMPONENT, resource, "secret", 1, "secretsmanager.secret"),
        ctx.line(COMPONENT, resource, "API calls", calls, "secretsmanager.api", [why]),
    ]


MAPPING = Mapping("AWS::SecretsManager::Secret", COMPONENT, (CALLS,), price)
