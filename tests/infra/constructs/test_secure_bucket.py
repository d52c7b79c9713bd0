"""secure_bucket: versioned, private, TLS-only, lifecycle from the spec, KMS when given a key."""

from __future__ import annotations

import pytest
from aws_cdk import App, RemovalPolicy, Stack
from aws_cdk import aws_kms as kms
from aws_cdk.assertions import Match, Template

from chariot.infra.constructs.secure_bucket import lifecycle_rules, secure_bucket
from chariot.spec.model import Lifecycle

LOGS = Lifecycle(ia_days=7, glacier_days=30, expire_days=365)


def _template(with_key: bool) -> Template:
    app = App()
    stack = Stack(app, "Probe")
    key = kms.Key(stack, "Key", enable_key_rotation=True) if with_key else None
    secure_bucket(stack, "Bucket", lifecycle=LOGS, removal=RemovalPolicy.DESTROY, key=key)
    return Template.from_stack(stack)


@pytest.mark.parametrize(("with_key", "algorithm"), [(True, "aws:kms"), (False, "AES256")])
def test_bucket_settings(with_key: bool, algorithm: str) -> None:
    template = _template(with_key)
    template.has_resource_properties(
        "AWS::S3::Bucket",
        {
            "VersioningConfiguration": {"Status": "Enabled"},
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True,
                "BlockPublicPolicy": True,
                "IgnorePublicAcls": True,
                "RestrictPublicBuckets": True,
            },
            "BucketEncryption": {
                "ServerSideEncryptionConfiguration": [
                    Match.object_like(
                        {
                            "ServerSideEncryptionByDefault": Match.object_like(
                                {"SSEAlgorithm": algorithm}
                            )
                        }
                    )
                ]
            },
        },
    )
    template.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Effect": "Deny",
                                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                            }
                        )
                    ]
                )
            }
        },
    )


def test_lifecycle_tiers_then_expires_current_and_old_versions() -> None:
    (rule,) = lifecycle_rules(LOGS)
    assert [t.transition_after.to_days() for t in rule.transitions or []] == [7, 30]  # type: ignore[union-attr]
    assert rule.expiration is not None
    assert rule.expiration.to_days() == 365
    assert rule.noncurrent_version_expiration is not None
    assert rule.noncurrent_version_expiration.to_days() == 365
