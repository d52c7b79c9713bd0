"""AWS::Backup::BackupPlan: the restore points its rules keep, and their copies to other regions.

For each rule and each resource its selections name: restore points kept = backups a day (the
rule's cron) x days kept (`Lifecycle.DeleteAfterDays`); each copy action keeps its own set in the
destination vault and moves every copy across regions. How big a restore point is depends on the
resource type (`POLICIES`, each with its source):

- DynamoDB: every backup is a full copy of the table ("Each time you create an on-demand backup,
  the entire table data is backed up" -
  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateBackup.html; AWS
  Backup only stores incrementally "for supported resource types" -
  https://docs.aws.amazon.com/aws-backup/latest/devguide/about-backup-plans.html). Copying
  DynamoDB backups across regions needs AWS Backup's advanced DynamoDB features (assumed on).
- Neptune: "The size of each snapshot is the size of the cluster volume at the time you take the
  snapshot", and snapshots younger than the cluster's backup retention period are not billed
  (they are covered by its continuous backup) -
  https://docs.aws.amazon.com/neptune/latest/userguide/backup-restore-overview-metrics.html.
  Copies in another region have no cluster there, so all of them are billed.
- Cross-region copies are full the first time and incremental afterwards only "if a service
  supports incremental backups" -
  https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html: for the two
  types above every copy moves the full size.
The resource's size is its own mapping's usage key (`dynamodb.storage_gb`, `neptune.storage_gb`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chariot.plan.cost.billing import HOURS_PER_MONTH
from chariot.plan.cost.mapping import Context, Mapping, Unpriced
from chariot.plan.cost.model import CostLine, Resource, UsageKey
from chariot.plan.cost.resources import dynamodb_table, neptune_db_cluster
from chariot.plan.cost.schedules import HOURS_PER_WEEK, ScheduleError, firings

COMPONENT = "AWS Backup"
SELECTION = "AWS::Backup::BackupSelection"
DAYS_PER_MONTH = HOURS_PER_MONTH / 24


@dataclass(frozen=True)
class Policy:
    """How AWS Backup stores one resource type's restore points."""

    kind: str  # "table", "graph"
    size: UsageKey
    price_id: str
    full: bool
    within_retention_free: bool  # snapshots younger than the resource's own retention are free
    source: str


POLICIES: dict[str, Policy] = {
    "AWS::DynamoDB::Table": Policy(
        "table",
        dynamodb_table.STORAGE,
        "backup.warm.dynamodb",
        True,
        False,
        "DynamoDB backups are full copies of the table (API_CreateBackup)",
    ),
    "AWS::Neptune::DBCluster": Policy(
        "graph",
        neptune_db_cluster.STORAGE,
        "backup.neptune.snapshot",
        True,
        True,
        "a Neptune snapshot counts the whole cluster volume; those within the cluster's "
        "retention period are not billed (Neptune backup storage metrics)",
    ),
}


@dataclass(frozen=True)
class Protected:
    resource: Resource
    policy: Policy
    name: str


def _target_id(value: Any) -> str | None:
    """The logical id behind `{"Fn::GetAtt": [Id, "Arn"]}` or `{"Ref": Id}`."""
    if isinstance(value, dict):
        if "Fn::GetAtt" in value and isinstance(value["Fn::GetAtt"], list):
            return str(value["Fn::GetAtt"][0])
        if "Ref" in value:
            return str(value["Ref"])
    return None


def _by_arn(arn: str, resources: list[Resource]) -> Resource | None:
    """A resource named by a literal ARN: a table by name, a Neptune cluster by identifier."""
    if ":table/" in arn:
        name, kind = arn.rsplit("/", 1)[-1], "AWS::DynamoDB::Table"
        key = "TableName"
    elif ":cluster:" in arn:
        name, kind = arn.rsplit(":", 1)[-1], "AWS::Neptune::DBCluster"
        key = "DBClusterIdentifier"
    else:
        return None
    return next((r for r in resources if r.type == kind and r.literal(key) == name), None)


def protected(plan: Resource, ctx: Context) -> tuple[list[Protected], list[str]]:
    """The resources the plan's selections name, with what could not be resolved."""
    found: list[Protected] = []
    missing: list[str] = []
    same_stack = {r.logical_id: r for r in ctx.resources if r.stack == plan.stack}
    for selection in ctx.resources:
        if selection.type != SELECTION or selection.stack != plan.stack:
            continue
        if _target_id(selection.properties.get("BackupPlanId")) != plan.logical_id:
            continue
        body = selection.properties.get("BackupSelection") or {}
        if body.get("ListOfTags") or body.get("Conditions"):
            missing.append(f"{selection.logical_id}: tag-based selection (not priced)")
        for entry in body.get("Resources") or []:
            target = _target_id(entry)
            resource = (
                same_stack.get(target)
                if target
                else _by_arn(entry, ctx.resources)
                if isinstance(entry, str)
                else None
            )
            policy = POLICIES.get(resource.type) if resource else None
            if resource is None or policy is None:
                missing.append(f"{selection.logical_id}: {entry!r} (no backup policy)")
                continue
            name = resource.literal("TableName") or resource.literal("DBClusterIdentifier")
            found.append(Protected(resource, policy, str(name or resource.logical_id)))
    return found, missing


def _per_day(rule: dict[str, Any]) -> float:
    expression = rule.get("ScheduleExpression") or "cron(0 5 ? * * *)"  # AWS's default: daily
    try:
        return len(firings(expression)) / (HOURS_PER_WEEK / 24)
    except ScheduleError as exc:
        raise Unpriced(f"rule {rule.get('RuleName')}: {exc}") from None


def _days(lifecycle: Any, rule: str) -> float:
    days = lifecycle.get("DeleteAfterDays") if isinstance(lifecycle, dict) else None
    if not isinstance(days, int | float):
        raise Unpriced(f"rule {rule}: restore points are kept forever (no DeleteAfterDays)")
    return float(days)


def _retention(resource: Resource) -> float:
    days = resource.literal("BackupRetentionPeriod", 1)  # Neptune's default is one day
    return float(days) if isinstance(days, int | float) else 1.0


def _rule_lines(
    rule: dict[str, Any], item: Protected, ctx: Context, plan: Resource
) -> list[CostLine]:
    name = str(rule.get("RuleName", "rule"))
    per_day = _per_day(rule)
    kept_days = _days(rule.get("Lifecycle"), name)
    size, why = ctx.use(item.policy.size, item.resource)
    points = per_day * kept_days
    billed = points
    notes = [why, item.policy.source]
    if item.policy.within_retention_free:
        free_days = min(kept_days, _retention(item.resource))
        billed = per_day * (kept_days - free_days)
        notes.append(f"{per_day * free_days:g} of them within the {free_days:g}-day retention")
    lines = [
        ctx.line(
            COMPONENT,
            plan,
            f"{name}: {item.name} - {points:g} restore points x {size:g} GB (full each"
            + (f", {billed:g} billed)" if billed != points else ")"),
            billed * size,
            item.policy.price_id,
            notes,
        )
    ]
    for copy in rule.get("CopyActions") or []:
        copy_days = _days(copy.get("Lifecycle"), f"{name} copy")
        copies = per_day * copy_days
        destination = str(copy.get("DestinationBackupVaultArn", "?"))
        region = destination.split(":")[3] if destination.count(":") >= 4 else "?"
        # A copy is backup storage in the destination vault's region, at that region's rate, plus
        # the transfer out of the source (https://aws.amazon.com/backup/pricing/: storage per
        # region, "backup data transferred between AWS Regions"; factualminds.com AWS Backup
        # pricing, June 2026: "cross-region copies double the storage line plus $0.02/GB").
        there, rate = ctx.in_region(region)
        lines += [
            there.line(
                COMPONENT,
                plan,
                f"{name}: {item.name} - {copies:g} copies in {region} x {size:g} GB",
                copies * size,
                item.policy.price_id,
                [why, item.policy.source, *rate],
            ),
            ctx.line(
                COMPONENT,
                plan,
                f"{name}: {item.name} - {per_day * DAYS_PER_MONTH:g} copies/month to {region}",
                per_day * DAYS_PER_MONTH * size,
                "transfer.inter_region.gb",
                [why, "every copy moves the full restore point (cross-region-backup docs)"],
            ),
        ]
    return lines


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    plan = resource.properties.get("BackupPlan") or {}
    rules = (plan.get("BackupPlanRule") or []) if isinstance(plan, dict) else []
    items, missing = protected(resource, ctx)
    if not rules or not items:
        return [ctx.free(COMPONENT, resource, "backup plan without rules or resources")]
    lines: list[CostLine] = []
    for rule in rules:
        for item in items:
            lines += _rule_lines(rule, item, ctx, resource)
    if missing:
        lines[0].assumptions.extend(missing)
    return lines


MAPPING = Mapping("AWS::Backup::BackupPlan", COMPONENT, (), price)
