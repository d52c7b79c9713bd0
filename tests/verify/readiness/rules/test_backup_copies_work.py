"""Cross-region backup copies can be written, and failed jobs are reported."""

from __future__ import annotations

import json
from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import Platform, Violation
from tests.verify.readiness.fixtures import export, platform, resource, results, template

RULE = "backup-copies-work"
DR_VAULT = "arn:aws:backup:us-west-2:111122223333:backup-vault:dr"
ADVANCED = json.dumps(
    {"action": "updateRegionSettings", "service": "Backup",
     "parameters": {"ResourceTypeManagementPreference": {"DynamoDB": True}}}
)  # fmt: skip


def _dr(via: list[str]) -> Any:
    statement = {
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": ["kms:Decrypt", "kms:GenerateDataKey*", "kms:CreateGrant"], "Resource": "*",
        "Condition": {"StringEquals": {"kms:ViaService": via}},
    }  # fmt: skip
    return template(
        "dr",
        {
            "Key": resource("AWS::KMS::Key", KeyPolicy={"Statement": [statement]}),
            "Vault": resource(
                "AWS::Backup::BackupVault",
                BackupVaultName="dr",
                EncryptionKeyArn={"Fn::GetAtt": ["Key", "Arn"]},
            ),
        },
        region="us-west-2",
    )


def _data(events: list[str], advanced: bool = True) -> Any:
    rule = {"RuleName": "daily", "TargetBackupVault": {"Ref": "Vault"},
            "CopyActions": [{"DestinationBackupVaultArn": DR_VAULT}]}  # fmt: skip
    resources = {
        "Vault": resource("AWS::Backup::BackupVault", Notifications={"BackupVaultEvents": events}),
        "Table": resource("AWS::DynamoDB::Table"),
        "Plan": resource("AWS::Backup::BackupPlan", BackupPlan={"BackupPlanRule": [rule]}),
        "Selection": resource(
            "AWS::Backup::BackupSelection",
            BackupPlanId={"Fn::GetAtt": ["Plan", "BackupPlanId"]},
            BackupSelection={
                "Resources": [
                    {"Fn::GetAtt": ["Table", "Arn"]},
                    "arn:aws:rds:us-east-1:111122223333:cluster:graph",
                ]
            },
        ),
    }
    if advanced:
        resources["Advanced"] = resource("Custom::AWS", Create=ADVANCED)
    return template("data", resources, outputs={"X": export("unused", "x")})


def _platform(spec: PlatformSpec, via: list[str], **data: Any) -> Platform:
    return platform(spec, _dr(via), _data(**{"events": ["BACKUP_JOB_COMPLETED"], **data}))


BOTH = ["backup.us-west-2.amazonaws.com", "rds.us-west-2.amazonaws.com"]


def test_a_key_admitting_backup_and_rds_with_advanced_dynamodb_passes(
    spec: PlatformSpec,
) -> None:
    assert results(RULE, _platform(spec, BOTH)) == []


def test_a_dr_key_without_rds_fails_naming_the_service(spec: PlatformSpec) -> None:
    (found,) = results(RULE, _platform(spec, ["backup.us-west-2.amazonaws.com"]))
    assert isinstance(found, Violation)
    assert "does not admit rds.us-west-2.amazonaws.com" in found.reason


def test_dynamodb_copies_need_advanced_backup(spec: PlatformSpec) -> None:
    (found,) = results(RULE, _platform(spec, BOTH, advanced=False))
    assert "advanced DynamoDB backup" in found.reason


def test_a_vault_without_failure_notifications_fails(spec: PlatformSpec) -> None:
    (found,) = results(RULE, _platform(spec, BOTH, events=["RESTORE_JOB_COMPLETED"]))
    assert found.subject.logical_id == "Vault"  # type: ignore[union-attr]
    assert "no notification of failed jobs" in found.reason
