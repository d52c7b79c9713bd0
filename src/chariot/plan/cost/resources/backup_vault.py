"""AWS::Backup::BackupVault: the vault is free; restore points a backup plan in the templates
makes are priced on that plan (`backup_plan.py`); `backup.warm_gb` is for any others (manual
backups, plans outside these templates), at the DynamoDB rate."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "AWS Backup"
WARM = UsageKey(
    "backup",
    "warm_gb",
    "GB",
    0,
    "warm backup storage per vault besides the plans' restore points (DynamoDB rate)",
)


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    gb, why = ctx.use(WARM, resource)
    if not gb:
        return [ctx.free(COMPONENT, resource, "vault: restore points are priced on their plan")]
    return [ctx.line(COMPONENT, resource, "other warm backups", gb, "backup.warm.dynamodb", [why])]


MAPPING = Mapping("AWS::Backup::BackupVault", COMPONENT, (WARM,), price)
