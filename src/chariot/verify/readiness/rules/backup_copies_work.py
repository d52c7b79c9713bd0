"""Backup copies to another region can be written, and failed jobs reach someone.

Who writes a copy depends on the resource type. Resources fully managed by AWS Backup
(DynamoDB with advanced backup on) are copied by AWS Backup and encrypted with the destination
vault's key; Neptune and Aurora copies are DB cluster snapshot copies made, and restored, by RDS
with that key. So the destination vault key must admit each of those services in the
destination region (`kms:ViaService`). DynamoDB backups are copied across regions only with
advanced DynamoDB backup turned on, a region setting (an AwsCustomResource calling
`UpdateRegionSettings`). A vault of a plan must report failed jobs (vault notifications).
https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html
https://docs.aws.amazon.com/aws-backup/latest/devguide/advanced-ddb-backup.html
https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.verify.readiness.base import (
    NotApplicable,
    Platform,
    Resource,
    Result,
    Violation,
    as_list,
)
from chariot.verify.readiness.iam import Statement

COPY_ACTIONS = ("kms:CreateGrant", "kms:Decrypt", "kms:GenerateDataKey")
FAILURE_EVENTS = {"BACKUP_JOB_COMPLETED", "BACKUP_JOB_FAILED", "COPY_JOB_FAILED"}


def _copy_service(platform: Platform, selection: Resource, value: object) -> str | None:
    """Which service writes the copy of one selected resource: 'backup' or 'rds'."""
    target = platform.target(selection.template, value)
    if target is not None:
        return {
            "AWS::DynamoDB::Table": "backup",
            "AWS::DynamoDB::GlobalTable": "backup",
            "AWS::Neptune::DBCluster": "rds",
        }.get(target.resource.type)
    arn = platform.text(selection.template, value) or ""
    service = arn.split(":")[2] if arn.count(":") >= 5 else ""
    return {"dynamodb": "backup", "rds": "rds"}.get(service)


def _advanced_dynamodb(platform: Platform, region: str) -> bool:
    for resource in platform.resources("Custom::AWS"):
        call = platform.json_property(resource, "Create") or {}
        preference = (call.get("parameters") or {}).get("ResourceTypeManagementPreference") or {}
        if (
            resource.template.region == region
            and call.get("action") == "updateRegionSettings"
            and preference.get("DynamoDB") is True
        ):
            return True
    return False


def _vault(platform: Platform, arn: str) -> Resource | None:
    parts = arn.split(":")
    if len(parts) < 7:
        return None
    region, name = parts[3], parts[-1]
    for vault in platform.resources("AWS::Backup::BackupVault"):
        if vault.template.region == region and vault.get("BackupVaultName") == name:
            return vault
    return None


def _admits(key: Resource, service: str) -> bool:
    """Some Allow statement grants the copy actions through `service` (or to any service)."""
    policy = key.get("KeyPolicy")
    statements = [
        Statement.of(s)
        for s in as_list(policy.get("Statement") if isinstance(policy, dict) else None)
        if isinstance(s, dict)
    ]
    for action in COPY_ACTIONS:
        granting = [s for s in statements if s.allows(action)]
        if not any(
            service in as_list(s.conditions.get("StringEquals", {}).get("kms:ViaService"))
            or not any("kms:ViaService" in keys for keys in s.conditions.values())
            for s in granting
        ):
            return False
    return True


def _selected(platform: Platform, plan: Resource) -> set[str]:
    services: set[str] = set()
    for selection in platform.resources("AWS::Backup::BackupSelection"):
        target = platform.target(selection.template, selection.get("BackupPlanId"))
        if target is None or target.resource is not plan:
            continue
        for value in as_list(selection.get("BackupSelection", "Resources")):
            service = _copy_service(platform, selection, value)
            if service:
                services.add(service)
    return services


def _copies(platform: Platform, plan: Resource) -> Iterator[Result]:
    services = _selected(platform, plan)
    seen: set[str] = set()
    for rule in as_list(plan.get("BackupPlan", "BackupPlanRule")):
        for copy in as_list(rule.get("CopyActions")):
            arn = platform.text(plan.template, copy.get("DestinationBackupVaultArn")) or ""
            if arn in seen:
                continue
            seen.add(arn)
            vault = _vault(platform, arn)
            key_target = (
                platform.target(vault.template, vault.get("EncryptionKeyArn")) if vault else None
            )
            if vault is None or key_target is None:
                yield NotApplicable(
                    plan, f"copies to {arn or 'a vault'} this platform does not own"
                )
                continue
            region = vault.template.region
            for service in sorted(services):
                endpoint = f"{service}.{region}.amazonaws.com"
                if not _admits(key_target.resource, endpoint):
                    yield Violation(
                        plan,
                        f"rule {rule.get('RuleName')} copies {service}-written backups to "
                        f"{arn}, but that vault's key {key_target.resource.logical_id} "
                        f"({vault.template.stack}) does not admit {endpoint} "
                        f"({', '.join(COPY_ACTIONS)}): the copy jobs fail",
                    )
            if "backup" in services and not _advanced_dynamodb(platform, plan.template.region):
                yield Violation(
                    plan,
                    f"rule {rule.get('RuleName')} copies DynamoDB backups to another region, "
                    "which needs AWS Backup's advanced DynamoDB backup turned on in "
                    f"{plan.template.region} (UpdateRegionSettings): the copy jobs fail",
                )


def check(platform: Platform) -> Iterator[Result]:
    for plan in platform.resources("AWS::Backup::BackupPlan"):
        yield from _copies(platform, plan)
        vaults = {
            target.resource
            for rule in as_list(plan.get("BackupPlan", "BackupPlanRule"))
            if (target := platform.target(plan.template, rule.get("TargetBackupVault")))
        }
        for vault in sorted(vaults, key=lambda v: v.logical_id):
            events = set(as_list(vault.get("Notifications", "BackupVaultEvents")))
            if not events & FAILURE_EVENTS:
                yield Violation(
                    vault,
                    f"vault of backup plan {plan.logical_id} sends no notification of failed "
                    "jobs (BackupVaultEvents BACKUP_JOB_COMPLETED or COPY_JOB_FAILED)",
                )
