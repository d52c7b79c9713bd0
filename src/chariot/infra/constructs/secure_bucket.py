"""An S3 bucket with the settings every chariot bucket shares, and the spec's lifecycle."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from chariot.spec.model import Lifecycle

# Access-log delivery through a bucket policy instead of the legacy LogDeliveryWrite ACL, which
# would clash with BucketOwnerEnforced/Preferred ownership. Set on a stack before its buckets.
ACCESS_LOGS_BY_POLICY = "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy"


# Why the static content and its replica are SSE-S3 (a cdk-nag acknowledgement they share).
PUBLIC_ASSETS_SSE_S3 = (
    "Public web assets served through CloudFront origin access control; SSE-S3 "
    "avoids granting CloudFront the use of a KMS key for non-secret content."
)


def use_bucket_policy_for_access_logs(stack: Construct) -> None:
    """Call right after the stack is created, before any bucket exists in it."""
    stack.node.set_context(ACCESS_LOGS_BY_POLICY, True)


def lifecycle_rules(lifecycle: Lifecycle) -> list[s3.LifecycleRule]:
    """Infrequent Access, then Glacier, then expiry (old versions follow the same clock)."""
    return [
        s3.LifecycleRule(
            id="tiering-and-expiry",
            enabled=True,
            transitions=[
                s3.Transition(
                    storage_class=s3.StorageClass.INFREQUENT_ACCESS,
                    transition_after=Duration.days(lifecycle.ia_days),
                ),
                s3.Transition(
                    storage_class=s3.StorageClass.GLACIER,
                    transition_after=Duration.days(lifecycle.glacier_days),
                ),
            ],
            expiration=Duration.days(lifecycle.expire_days),
            noncurrent_version_transitions=[
                s3.NoncurrentVersionTransition(
                    storage_class=s3.StorageClass.GLACIER,
                    transition_after=Duration.days(lifecycle.glacier_days),
                )
            ],
            noncurrent_version_expiration=Duration.days(lifecycle.expire_days),
            abort_incomplete_multipart_upload_after=Duration.days(7),
        )
    ]


def secure_bucket(
    scope: Construct,
    construct_id: str,
    *,
    lifecycle: Lifecycle,
    removal: RemovalPolicy,
    key: kms.IKey | None = None,
    bucket_name: str | None = None,
    access_logs: s3.IBucket | None = None,
    access_logs_prefix: str | None = None,
    object_ownership: s3.ObjectOwnership = s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
) -> s3.Bucket:
    """Versioned, encrypted (KMS when `key` is given), private, TLS-only, with lifecycle.

    Without a key the bucket uses SSE-S3: S3 server access logs and CloudFront standard logs
    can only be delivered to buckets encrypted that way.
    """
    return s3.Bucket(
        scope,
        construct_id,
        bucket_name=bucket_name,
        versioned=True,
        encryption=s3.BucketEncryption.KMS if key else s3.BucketEncryption.S3_MANAGED,
        encryption_key=key,
        bucket_key_enabled=key is not None,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        enforce_ssl=True,
        minimum_tls_version=1.2,
        object_ownership=object_ownership,
        server_access_logs_bucket=access_logs,
        server_access_logs_prefix=access_logs_prefix,
        lifecycle_rules=lifecycle_rules(lifecycle),
        removal_policy=removal,
    )
