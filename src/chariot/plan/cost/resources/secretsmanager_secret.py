"""AWS::SecretsManager::Secret: per secret-month plus API calls; each replica in another region
(`ReplicaRegions`) is a secret of its own there, billed per month like its primary
(https://aws.amazon.com/secrets-manager/pricing/,
https://docs.aws.amazon.com/secretsmanager/latest/userguide/replicate-secrets.html)."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "Secrets Manager"
CALLS = UsageKey("secrets", "api_calls_10k", "10k calls/month", 5, "GetSecretValue etc. per secret")


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    calls, why = ctx.use(CALLS, resource)
    lines = [
        ctx.line(COMPONENT, resource, "secret", 1, "secretsmanager.secret"),
        ctx.line(COMPONENT, resource, "API calls", calls, "secretsmanager.api", [why]),
    ]
    replicas = resource.literal("ReplicaRegions") or []
    for replica in replicas if isinstance(replicas, list) else []:
        region = replica.get("Region") if isinstance(replica, dict) else None
        if not isinstance(region, str):
            continue
        there, rate = ctx.in_region(region)
        lines.append(
            there.line(
                COMPONENT, resource, f"replica in {region}", 1, "secretsmanager.secret", rate
            )
        )
    return lines


MAPPING = Mapping("AWS::SecretsManager::Secret", COMPONENT, (CALLS,), price)
