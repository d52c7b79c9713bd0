"""Every table is selected by a backup plan, whichever stack holds the selection."""

from __future__ import annotations

from typing import Any

import pytest

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import Violation
from tests.verify.readiness.fixtures import ACCOUNT, REGION, platform, resource, results, template

RULE = "tables-backed-up"
TABLE_ARNS = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/*"


def _table(environment: str = "prod") -> dict[str, Any]:
    return resource(
        "AWS::DynamoDB::Table",
        TableName="UserService-prod",
        Tags=[{"Key": "chariot:environment", "Value": environment}],
    )


def _selection(**selection: Any) -> dict[str, Any]:
    return resource(
        "AWS::Backup::BackupSelection",
        BackupPlanId="plan",
        BackupSelection={"IamRoleArn": "role", "SelectionName": "DataTier", **selection},
    )


BY_TAG = {
    "Resources": [TABLE_ARNS],
    "Conditions": {
        "StringEquals": [
            {"ConditionKey": "aws:ResourceTag/chariot:environment", "ConditionValue": "prod"}
        ]
    },
}


def _check(spec: PlatformSpec, selection: dict[str, Any], env: str = "prod") -> list[Any]:
    return results(
        RULE,
        platform(
            spec,
            template("chariot-prod-services-7", {"Table": _table(env)}),
            template("chariot-prod-data", {"Selection": _selection(**selection)}),
        ),
    )


@pytest.mark.parametrize(
    "selection",
    [
        BY_TAG,
        {"Resources": ["*"]},
        {"Resources": [f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/UserService-prod"]},
        {
            "ListOfTags": [
                {
                    "ConditionType": "STRINGEQUALS",
                    "ConditionKey": "chariot:environment",
                    "ConditionValue": "prod",
                }
            ]
        },
    ],
)
def test_a_table_a_selection_takes_passes(spec: PlatformSpec, selection: dict[str, Any]) -> None:
    assert _check(spec, selection) == []


def test_a_table_referenced_in_its_own_stack_passes(spec: PlatformSpec) -> None:
    both = template(
        "chariot-prod-data",
        {
            "Table": _table(),
            "Selection": _selection(Resources=[{"Fn::GetAtt": ["Table", "Arn"]}]),
        },
    )
    assert results(RULE, platform(spec, both)) == []


@pytest.mark.parametrize(
    ("selection", "env"),
    [
        (BY_TAG, "dev"),  # another environment's tag: the condition does not hold
        ({"Resources": [f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:graph"]}, "prod"),
        ({"Resources": ["*"], "NotResources": [TABLE_ARNS]}, "prod"),
        (
            {
                "Resources": [TABLE_ARNS],
                "Conditions": {
                    "StringLike": [
                        {
                            "ConditionKey": "aws:ResourceTag/chariot:environment",
                            "ConditionValue": "stag*",
                        }
                    ]
                },
            },
            "prod",
        ),
    ],
)
def test_a_table_no_selection_takes_fails(
    spec: PlatformSpec, selection: dict[str, Any], env: str
) -> None:
    (found,) = _check(spec, selection, env)
    assert isinstance(found, Violation)
    assert found.reason.startswith("table UserService-prod is in no AWS Backup selection")


def test_a_selection_in_another_region_does_not_count(spec: PlatformSpec) -> None:
    found = results(
        RULE,
        platform(
            spec,
            template("chariot-prod-services-7", {"Table": _table()}),
            template("chariot-prod-dr", {"Selection": _selection(**BY_TAG)}, region="us-west-2"),
        ),
    )
    assert len(found) == 1
