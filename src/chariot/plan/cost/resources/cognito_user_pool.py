"""AWS::Cognito::UserPool: monthly active users by feature tier (Lite/Essentials: 10k free)."""

from __future__ import annotations

from chariot.plan.cost.billing import cognito_billable_mau
from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "Cognito"
MAU = UsageKey("cognito", "mau", "MAU", 1000, "monthly active users per pool")


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    tier = str(resource.literal("UserPoolTier", "ESSENTIALS")).upper()
    mau, why = ctx.use(MAU, resource)
    billable = cognito_billable_mau(mau, tier)
    return [
        ctx.line(
            COMPONENT,
            resource,
            f"{tier.title()} tier: {billable:g} billable of {mau:g} MAU",
            billable,
            f"cognito.{tier.lower()}.mau",
            [why],
        )
    ]


MAPPING = Mapping("AWS::Cognito::UserPool", COMPONENT, (MAU,), price)
