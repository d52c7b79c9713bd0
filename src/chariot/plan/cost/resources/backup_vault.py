"""AWS::Backup::BackupVault: the vault is free; the warm backups it stores are not."""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "AWS Backup"
WARM = UsageKey("backup", "warm_gb", "GB", 20, "warm backup storage per vault (DynamoDB rate)")


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    gb, why = ctx.use(WARM, resource)
    return [ctx.line(COMPONENT, resource, "warm backup storage", gb, "backup.warm.dynamodb", [why])]


MAPPING = Mapping("AWS::Backup::BackupVault", COMPONENT, (WARM,), price)
