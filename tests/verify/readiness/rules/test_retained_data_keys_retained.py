"""A key that encrypts retained data is retained, across stacks too."""

from __future__ import annotations

from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import Violation
from tests.verify.readiness.fixtures import export, platform, resource, results, template

RULE = "retained-data-keys-retained"


def _platform(spec: PlatformSpec, key_policy: str) -> Any:
    key = {**resource("AWS::KMS::Key"), "DeletionPolicy": key_policy}
    security = template(
        "security",
        {"Key": key},
        outputs={"K": export("security:KeyArn", {"Fn::GetAtt": ["Key", "Arn"]})},
    )
    table = {
        **resource(
            "AWS::DynamoDB::Table",
            SSESpecification={"KMSMasterKeyId": {"Fn::ImportValue": "security:KeyArn"}},
        ),
        "DeletionPolicy": "Retain",
    }
    return platform(spec, security, template("data", {"Table": table}))


def test_a_retained_key_passes(spec: PlatformSpec) -> None:
    assert results(RULE, _platform(spec, "Retain")) == []


def test_a_deleted_key_under_retained_data_fails(spec: PlatformSpec) -> None:
    (found,) = results(RULE, _platform(spec, "Delete"))
    assert isinstance(found, Violation)
    assert found.subject.logical_id == "Key"  # type: ignore[union-attr]
    assert "encrypts Table (data), which is kept" in found.reason
