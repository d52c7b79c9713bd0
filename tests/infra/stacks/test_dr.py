"""The DR-region stack: the replica bucket and copy vault live in spec.dr.dr_region, under the
names the primary region's replication rule and backup plan point at."""

from __future__ import annotations

import json

from chariot.infra.stacks.dr import (
    dr_vault_arn,
    replica_bucket_name,
    replica_key_alias_arn,
    static_replica_bucket_name,
)
from chariot.spec.model import PlatformSpec
from tests.conftest import Synthesized


def test_the_dr_stack_is_deployed_in_the_dr_region(synthesized: dict[str, Synthesized]) -> None:
    manifest = json.loads((synthesized["prod"].outdir / "manifest.json").read_text())
    environment = manifest["artifacts"]["chariot-prod-dr"]["environment"]
    assert environment == "aws://111122223333/us-west-2"


def test_replica_bucket_and_key_carry_the_names_the_source_uses(
    synthesized: dict[str, Synthesized], specs: dict[str, PlatformSpec]
) -> None:
    spec = specs["prod"]
    resources = synthesized["prod"].json("dr")["Resources"]
    buckets = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::S3::Bucket"]
    replica = next(b for b in buckets if b.get("BucketName") == replica_bucket_name(spec))
    sse = replica["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert sse["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert replica["VersioningConfiguration"] == {"Status": "Enabled"}
    aliases = [
        r["Properties"]["AliasName"] for r in resources.values() if r["Type"] == "AWS::KMS::Alias"
    ]
    assert replica_key_alias_arn(spec).rsplit(":", 1)[1] in aliases


def test_copy_vault_is_encrypted_and_named_as_the_backup_plan_expects(
    synthesized: dict[str, Synthesized], specs: dict[str, PlatformSpec]
) -> None:
    (vault,) = synthesized["prod"].resources("dr", "AWS::Backup::BackupVault").values()
    name = vault["Properties"]["BackupVaultName"]
    assert dr_vault_arn(specs["prod"]).endswith(f":backup-vault:{name}")
    assert "EncryptionKeyArn" in vault["Properties"]


def test_copy_vault_key_admits_backup_and_rds_of_the_dr_region(
    synthesized: dict[str, Synthesized],
) -> None:
    """Issue 10, finding 6: Neptune copies and restores are RDS snapshot copies."""
    resources = synthesized["prod"].json("dr")["Resources"]
    (vault,) = [r for r in resources.values() if r["Type"] == "AWS::Backup::BackupVault"]
    key = resources[vault["Properties"]["EncryptionKeyArn"]["Fn::GetAtt"][0]]
    use = next(
        s for s in key["Properties"]["KeyPolicy"]["Statement"]
        if s["Sid"] == "UseThroughOwningServices"
    )  # fmt: skip
    assert use["Condition"] == {
        "StringEquals": {
            "kms:ViaService": ["backup.us-west-2.amazonaws.com", "rds.us-west-2.amazonaws.com"]
        }
    }


def test_the_static_replica_admits_cloudfront_of_this_account_only(
    synthesized: dict[str, Synthesized], specs: dict[str, PlatformSpec]
) -> None:
    spec = specs["prod"]
    env = synthesized["prod"]
    (replica_id, replica), *_ = [
        (k, b)
        for k, b in env.resources("dr", "AWS::S3::Bucket").items()
        if b["Properties"].get("BucketName") == static_replica_bucket_name(spec)
    ]
    props = replica["Properties"]
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    sse = props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert sse["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    (policy,) = [
        p["Properties"]["PolicyDocument"]
        for p in env.resources("dr", "AWS::S3::BucketPolicy").values()
        if p["Properties"]["Bucket"] == {"Ref": replica_id}
    ]
    (read,) = [
        s for s in policy["Statement"] if s.get("Sid") == "CloudFrontOriginAccessControlReads"
    ]
    assert read["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert read["Action"] == "s3:GetObject"
    assert read["Condition"] == {
        "StringEquals": {"AWS:SourceAccount": "111122223333"},
        "ArnLike": {"AWS:SourceArn": "arn:aws:cloudfront::111122223333:distribution/*"},
    }


def test_backup_restore_has_no_static_replica(
    synthesized: dict[str, Synthesized], specs: dict[str, PlatformSpec]
) -> None:
    names = [
        b["Properties"].get("BucketName")
        for b in synthesized["dev"].resources("dr", "AWS::S3::Bucket").values()
    ]
    assert static_replica_bucket_name(specs["dev"]) not in names
