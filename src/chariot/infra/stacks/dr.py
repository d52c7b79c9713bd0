"""The disaster-recovery region: the replica of the objects bucket, the backup copy vault and,
when the strategy replicates data, the key of the global tables' replicas in this region and
the replica of the static content that CloudFront fails over to.

It is a stack of its own because S3 replication and AWS Backup copies need their destination to
exist in `spec.dr.dr_region` first. Its resources carry deterministic names (functions below),
so the primary-region stacks address them by ARN without cross-region custom resources. The
DR region differs from the platform's (the dr-region-distinct spec rule).
"""

from __future__ import annotations

from aws_cdk import CfnOutput, RemovalPolicy
from aws_cdk import aws_backup as backup
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.constructs.domain_key import domain_key
from chariot.infra.constructs.image_replication import replicated_repositories
from chariot.infra.constructs.secure_bucket import (
    PUBLIC_ASSETS_SSE_S3,
    secure_bucket,
    use_bucket_policy_for_access_logs,
)
from chariot.infra.names import prefix
from chariot.infra.shared import Shared
from chariot.infra.stacks.base import PlatformStack
from chariot.spec.dr_strategies import replicates_data
from chariot.spec.model import PlatformSpec


def replica_bucket_name(spec: PlatformSpec) -> str:
    """Globally unique: S3 bucket names are shared by every account."""
    return f"{prefix(spec)}-objects-replica-{spec.account}-{spec.dr.dr_region}"


def static_replica_bucket_name(spec: PlatformSpec) -> str:
    """The replica of CloudFront's static-content bucket (a failover origin of the edge)."""
    return f"{prefix(spec)}-static-replica-{spec.account}-{spec.dr.dr_region}"


def replicates_static_content(spec: PlatformSpec) -> bool:
    """The static content has a replica and CloudFront fails over to it when the strategy
    replicates data and the spec has a distribution."""
    return replicates_data(spec) and spec.edge.cdn.enabled


def replica_key_alias(spec: PlatformSpec) -> str:
    return f"alias/{prefix(spec)}-objects-replica"


def replica_key_alias_arn(spec: PlatformSpec) -> str:
    return f"arn:aws:kms:{spec.dr.dr_region}:{spec.account}:{replica_key_alias(spec)}"


def table_replica_key_alias(spec: PlatformSpec) -> str:
    return f"alias/{prefix(spec)}-tables-replica"


def table_replica_key_alias_arn(spec: PlatformSpec) -> str:
    """What each global table names as its DR replica's key (infra/data/tables.py)."""
    return f"arn:aws:kms:{spec.dr.dr_region}:{spec.account}:{table_replica_key_alias(spec)}"


def dr_vault_name(spec: PlatformSpec) -> str:
    return f"{prefix(spec)}-dr"


def dr_vault_arn(spec: PlatformSpec) -> str:
    return f"arn:aws:backup:{spec.dr.dr_region}:{spec.account}:backup-vault:{dr_vault_name(spec)}"


class DrStack(PlatformStack):
    part = "dr"

    def __init__(self, scope: Construct, spec: PlatformSpec, shared: Shared) -> None:
        super().__init__(
            scope,
            spec,
            f"Chariot DR ({spec.dr.dr_region}): object replica bucket, backup copy vault"
            + (", replica keys, image repository template" if replicates_data(spec) else "")
            + (", static content replica" if replicates_static_content(spec) else ""),
            region=spec.dr.dr_region,
        )
        use_bucket_policy_for_access_logs(self)
        removal = RemovalPolicy.RETAIN if spec.deletion_protection else RemovalPolicy.DESTROY
        s3_service = f"s3.{spec.dr.dr_region}.amazonaws.com"
        # Copies of fully managed resources (DynamoDB with advanced features) are written by
        # AWS Backup; Neptune copies are DB cluster snapshot copies that RDS encrypts with this
        # key, and restores from them go through RDS too.
        # https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html
        copy_services = [
            f"{service}.{spec.dr.dr_region}.amazonaws.com" for service in ("backup", "rds")
        ]

        self.replica_key = domain_key(
            self,
            "ReplicaKey",
            alias=replica_key_alias(spec),
            description="Encrypts the DR replica of the objects bucket",
            account=spec.account,
            via_services=[s3_service],
            removal=removal,
        )
        self.access_logs = secure_bucket(
            self,
            "AccessLogs",
            lifecycle=spec.cost.s3_lifecycle.logs,
            removal=removal,
        )
        acknowledge(
            self.access_logs,
            {
                "AwsSolutions-S1": "This bucket receives the access logs; it does not log itself.",
                "NIST.800.53.R5-S3BucketLoggingEnabled": (
                    "This bucket receives the access logs; it does not log itself."
                ),
                "NIST.800.53.R5-S3BucketReplicationEnabled": (
                    "Access logs of the DR replica are kept in the DR region only."
                ),
                "NIST.800.53.R5-S3DefaultEncryptionKMS": (
                    "S3 server access logs can only be delivered to SSE-S3 encrypted buckets."
                ),
            },
        )
        self.replica = self._replica_bucket(
            spec,
            removal,
            "ObjectsReplica",
            replica_bucket_name(spec),
            "objects-replica/",
            key=self.replica_key,
        )
        acknowledge(
            self.replica,
            {
                "NIST.800.53.R5-S3BucketReplicationEnabled": (
                    "This bucket is the replication destination of the objects bucket."
                )
            },
        )

        self.vault_key = domain_key(
            self,
            "BackupVaultKey",
            alias=f"alias/{prefix(spec)}-backup-dr",
            description="Encrypts backup copies in the DR vault",
            account=spec.account,
            via_services=copy_services,
            removal=removal,
        )
        self.vault = backup.BackupVault(
            self,
            "CopyVault",
            backup_vault_name=dr_vault_name(spec),
            encryption_key=self.vault_key,
            removal_policy=removal,
        )
        self.table_replica_key: kms.Key | None = None
        if replicates_data(spec):
            # The global tables' replicas here are encrypted with a key of this region (a
            # replica's key must be in its own region); the service stacks name it by alias.
            # The repositories ECR replication creates here (constructs/image_replication.py).
            replicated_repositories(self, spec)
            self.table_replica_key = domain_key(
                self,
                "TableReplicaKey",
                alias=table_replica_key_alias(spec),
                description="Encrypts the DR replicas of the service tables",
                account=spec.account,
                via_services=[f"dynamodb.{spec.dr.dr_region}.amazonaws.com"],
                removal=removal,
            )
        self.static_replica: s3.Bucket | None = None
        if replicates_static_content(spec):
            self.static_replica = self._static_replica(spec, removal)
        CfnOutput(self, "ReplicaBucketName", value=self.replica.bucket_name)
        shared.register("dr-stack", self)
        CfnOutput(self, "CopyVaultArn", value=self.vault.backup_vault_arn)

    def _replica_bucket(
        self,
        spec: PlatformSpec,
        removal: RemovalPolicy,
        construct_id: str,
        name: str,
        logs_prefix: str,
        key: kms.IKey | None = None,
    ) -> s3.Bucket:
        """A replication destination under its deterministic name, logged here; SSE-KMS with
        `key`, else SSE-S3."""
        return secure_bucket(
            self,
            construct_id,
            bucket_name=name,
            lifecycle=spec.cost.s3_lifecycle.objects,
            removal=removal,
            key=key,
            access_logs=self.access_logs,
            access_logs_prefix=logs_prefix,
        )

    def _static_replica(self, spec: PlatformSpec, removal: RemovalPolicy) -> s3.Bucket:
        """The failover origin of CloudFront's origin group (infra/edge/distribution.py).

        SSE-S3 like its source: CloudFront reads it through origin access control without a
        KMS grant. The distribution is created later, in the primary region, so its id cannot
        be named here: the policy admits CloudFront for distributions of this account only
        (`AWS:SourceArn` like `arn:aws:cloudfront::<account>:distribution/*` and
        `AWS:SourceAccount`), read-only, on content that the distribution serves publicly.
        https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
        """
        bucket = self._replica_bucket(
            spec, removal, "StaticReplica", static_replica_bucket_name(spec), "static-replica/"
        )
        bucket.add_to_resource_policy(
            iam.PolicyStatement(
                sid="CloudFrontOriginAccessControlReads",
                principals=[iam.ServicePrincipal("cloudfront.amazonaws.com")],
                actions=["s3:GetObject"],
                resources=[bucket.arn_for_objects("*")],
                conditions={
                    "StringEquals": {"AWS:SourceAccount": spec.account},
                    "ArnLike": {
                        "AWS:SourceArn": f"arn:aws:cloudfront::{spec.account}:distribution/*"
                    },
                },
            )
        )
        acknowledge(
            bucket,
            {
                "NIST.800.53.R5-S3BucketReplicationEnabled": (
                    "This bucket is the replication destination of the static content."
                ),
                "NIST.800.53.R5-S3DefaultEncryptionKMS": PUBLIC_ASSETS_SSE_S3,
            },
        )
        return bucket
