"""Backup schedules read as intervals, and which resources a plan copies out of the region."""

from __future__ import annotations

import pytest

from chariot.spec.model import PlatformSpec
from chariot.verify.dr.backups import interval_minutes, protections
from tests.verify.readiness.fixtures import platform, resource, template


@pytest.mark.parametrize(
    ("expression", "minutes"),
    [
        ("cron(0 * * * ? *)", 60),
        ("cron(0 5 * * ? *)", 1440),
        ("cron(0 */4 * * ? *)", 240),
        ("cron(0 1,13 * * ? *)", 720),
        ("rate(12 hours)", 720),
        ("rate(1 day)", 1440),
        ("cron(0 5 ? * MON *)", None),  # weekly: not an interval chariot claims
        ("every hour", None),
    ],
)
def test_schedules_become_intervals(expression: str, minutes: float | None) -> None:
    assert interval_minutes(expression) == minutes


def test_a_copy_to_another_region_protects_the_selected_table(
    specs: dict[str, PlatformSpec],
) -> None:
    vault = "arn:aws:backup:us-west-2:111122223333:backup-vault:dr"
    app = template(
        resources={
            "Table": resource("AWS::DynamoDB::Table", TableName="t"),
            "Other": resource("AWS::DynamoDB::Table", TableName="o"),
            "Plan": resource(
                "AWS::Backup::BackupPlan",
                BackupPlan={
                    "BackupPlanRule": [
                        {"ScheduleExpression": "cron(0 5 * * ? *)", "CopyActions": [
                            {"DestinationBackupVaultArn": vault}]},
                        {"ScheduleExpression": "cron(0 * * * ? *)"},
                    ]
                },
            ),
            "Selection": resource(
                "AWS::Backup::BackupSelection",
                BackupPlanId={"Fn::GetAtt": ["Plan", "BackupPlanId"]},
                BackupSelection={"Resources": [{"Fn::GetAtt": ["Table", "Arn"]}]},
            ),
        }
    )  # fmt: skip
    view = platform(specs["prod"], app)
    found = protections(view)
    table, other = app.resources["Table"], app.resources["Other"]
    assert found[id(table)].interval == 60  # the hourly rule keeps it in the region only
    assert (found[id(table)].copy_interval, found[id(table)].copy_vault) == (1440, vault)
    assert id(other) not in found
