"""Every data store carries a valid data class tag."""

from __future__ import annotations

from chariot.spec.data_classification import TAG_KEY
from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import Violation
from tests.verify.readiness.fixtures import platform, resource, results, template

RULE = "data-stores-classified"


def _tagged(value: str) -> list[dict[str, str]]:
    return [{"Key": TAG_KEY, "Value": value}]


def test_tagged_stores_pass(spec: PlatformSpec) -> None:
    stores = {
        "Table": resource("AWS::DynamoDB::Table", Tags=_tagged("confidential")),
        "Vault": resource("AWS::Backup::BackupVault", BackupVaultTags={TAG_KEY: "restricted"}),
        "Global": resource(
            "AWS::DynamoDB::GlobalTable",
            Replicas=[{"Region": "us-east-1", "Tags": _tagged("internal")}],
        ),
    }
    assert results(RULE, platform(spec, template("data", stores))) == []


def test_an_untagged_store_fails(spec: PlatformSpec) -> None:
    (found,) = results(
        RULE, platform(spec, template("data", {"Graph": resource("AWS::Neptune::DBCluster")}))
    )
    assert isinstance(found, Violation)
    assert "without a data class (chariot:data-classification: no tag)" in found.reason


def test_an_unknown_class_fails(spec: PlatformSpec) -> None:
    bucket = resource("AWS::S3::Bucket", Tags=_tagged("secret"))
    (found,) = results(RULE, platform(spec, template("security", {"Objects": bucket})))
    assert isinstance(found, Violation)
    assert "'secret'" in found.reason


def test_a_global_table_needs_the_tag_on_every_replica(spec: PlatformSpec) -> None:
    table = resource(
        "AWS::DynamoDB::GlobalTable",
        Replicas=[
            {"Region": "us-east-1", "Tags": _tagged("internal")},
            {"Region": "us-west-2"},
        ],
    )
    assert len(results(RULE, platform(spec, template("data", {"Global": table})))) == 1
