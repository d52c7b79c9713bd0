"""The security stack's intent: one rotating key per data domain that only its services may use,
buckets with the seed's lifecycle, replication to the DR region, and a validated CloudTrail."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Synthesized

DOMAINS = {
    "tables": ["dynamodb.us-east-1.amazonaws.com", "backup.us-east-1.amazonaws.com"],
    "graph": ["rds.us-east-1.amazonaws.com"],
    "cache": ["elasticache.us-east-1.amazonaws.com"],
    "objects": ["s3.us-east-1.amazonaws.com"],
    "backup": ["backup.us-east-1.amazonaws.com"],
    "alerts": ["sns.us-east-1.amazonaws.com"],
    "images": ["ecr.us-east-1.amazonaws.com"],
    "secrets": ["secretsmanager.us-east-1.amazonaws.com"],
}


def _keys(env: Synthesized) -> dict[str, dict[str, Any]]:
    """Domain -> key properties (by alias)."""
    resources = env.json("security")["Resources"]
    by_id = {
        r["Properties"]["TargetKeyId"]["Fn::GetAtt"][0]: r["Properties"]["AliasName"]
        for r in resources.values()
        if r["Type"] == "AWS::KMS::Alias"
    }
    return {
        by_id[k].rsplit("-", 1)[1]: r["Properties"]
        for k, r in resources.items()
        if r["Type"] == "AWS::KMS::Key"
    }


def _buckets(env: Synthesized) -> dict[str, dict[str, Any]]:
    return {k: r["Properties"] for k, r in env.resources("security", "AWS::S3::Bucket").items()}


def test_one_rotating_key_per_data_domain(synthesized: dict[str, Synthesized]) -> None:
    keys = _keys(synthesized["prod"])
    assert set(keys) == {*DOMAINS, "logs"}
    assert all(k["EnableKeyRotation"] is True for k in keys.values())


@pytest.mark.parametrize(("domain", "services"), DOMAINS.items())
def test_each_key_is_used_only_through_its_own_services(
    synthesized: dict[str, Synthesized], domain: str, services: list[str]
) -> None:
    statements = _keys(synthesized["prod"])[domain]["KeyPolicy"]["Statement"]
    admin = next(s for s in statements if s["Sid"] == "KeyAdministration")
    assert not {"kms:Decrypt", "kms:Encrypt", "kms:*"} & set(admin["Action"])
    use = next(s for s in statements if s["Sid"] == "UseThroughOwningServices")
    assert use["Condition"] == {"StringEquals": {"kms:ViaService": services}}
    for statement in statements:
        assert statement["Principal"] != "*"
        assert statement["Principal"] != {"AWS": "*"}


def test_log_key_admits_cloudwatch_logs_and_cloudtrail_of_this_account_only(
    synthesized: dict[str, Synthesized],
) -> None:
    statements = {s["Sid"]: s for s in _keys(synthesized["prod"])["logs"]["KeyPolicy"]["Statement"]}
    logs = statements["CloudWatchLogsOfThisAccount"]
    assert logs["Principal"] == {"Service": "logs.us-east-1.amazonaws.com"}
    assert "111122223333:log-group:*" in json.dumps(logs["Condition"])
    trail = statements["CloudTrailOfThisAccount"]
    assert trail["Condition"]["StringEquals"] == {"aws:SourceAccount": "111122223333"}
    assert trail["Action"] == "kms:GenerateDataKey*"
    assert "kms:EncryptionContext:aws:cloudtrail:arn" in trail["Condition"]["StringLike"]


def test_cloudtrail_describes_the_log_key_without_an_encryption_context(
    synthesized: dict[str, Synthesized],
) -> None:
    """Issue 10, finding 2: DescribeKey requests carry no encryption context."""
    statements = _keys(synthesized["prod"])["logs"]["KeyPolicy"]["Statement"]
    describe = [
        s
        for s in statements
        if s["Principal"] == {"Service": "cloudtrail.amazonaws.com"}
        and "kms:DescribeKey" in json.dumps(s["Action"])
    ]
    assert describe == [
        {
            "Sid": "CloudTrailDescribesTheKey",
            "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"},
            "Action": "kms:DescribeKey",
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}},
        }
    ]


def _lifecycle(bucket: dict[str, Any]) -> tuple[int, int, int]:
    (rule,) = bucket["LifecycleConfiguration"]["Rules"]
    days = {t["StorageClass"]: t["TransitionInDays"] for t in rule["Transitions"]}
    return days["STANDARD_IA"], days["GLACIER"], rule["ExpirationInDays"]


def test_buckets_are_private_versioned_encrypted_tls_only_with_the_seeds_lifecycle(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    buckets = _buckets(env)
    objects = next(b for k, b in buckets.items() if k.startswith("ObjectsBucket"))
    logs = next(b for k, b in buckets.items() if k.startswith("LogBucket"))
    assert _lifecycle(objects) == (30, 90, 2555)
    assert _lifecycle(logs) == (7, 30, 365)
    sse = objects["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert sse["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    for bucket in (objects, logs):
        assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
        assert all(bucket["PublicAccessBlockConfiguration"].values())
    policies = env.resources("security", "AWS::S3::BucketPolicy").values()
    for policy in policies:
        denies = [
            s for s in policy["Properties"]["PolicyDocument"]["Statement"] if s["Effect"] == "Deny"
        ]
        assert {"aws:SecureTransport": "false"} in [s["Condition"].get("Bool") for s in denies]


def test_objects_replicate_to_the_dr_region_with_time_control(
    synthesized: dict[str, Synthesized],
) -> None:
    objects = next(
        b for k, b in _buckets(synthesized["prod"]).items() if k.startswith("ObjectsBucket")
    )
    (rule,) = objects["ReplicationConfiguration"]["Rules"]
    destination = rule["Destination"]
    assert (
        destination["Bucket"] == "arn:aws:s3:::chariot-prod-objects-replica-111122223333-us-west-2"
    )
    assert destination["EncryptionConfiguration"]["ReplicaKmsKeyID"] == (
        "arn:aws:kms:us-west-2:111122223333:alias/chariot-prod-objects-replica"
    )
    assert destination["ReplicationTime"]["Time"]["Minutes"] == 15
    assert rule["SourceSelectionCriteria"]["SseKmsEncryptedObjects"]["Status"] == "Enabled"


def test_the_security_stack_deploys_after_the_dr_stack(
    synthesized: dict[str, Synthesized],
) -> None:
    manifest = json.loads((synthesized["prod"].outdir / "manifest.json").read_text())
    artifact = manifest["artifacts"]["chariot-prod-security"]
    assert "chariot-prod-dr" in artifact["dependencies"]


def test_cloudtrail_is_multi_region_validated_and_encrypted(
    synthesized: dict[str, Synthesized],
) -> None:
    (trail,) = synthesized["prod"].resources("security", "AWS::CloudTrail::Trail").values()
    props = trail["Properties"]
    assert props["IsMultiRegionTrail"] is True
    assert props["EnableLogFileValidation"] is True
    assert props["KMSKeyId"]["Fn::GetAtt"][0].startswith("LogsKey")
    groups = synthesized["prod"].resources("security", "AWS::Logs::LogGroup").values()
    assert [g["Properties"]["RetentionInDays"] for g in groups] == [365]


def test_log_retention_follows_the_spec_per_environment(
    synthesized: dict[str, Synthesized],
) -> None:
    groups = synthesized["dev"].resources("security", "AWS::Logs::LogGroup").values()
    assert [g["Properties"]["RetentionInDays"] for g in groups] == [30]
