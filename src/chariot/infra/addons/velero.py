"""Velero: scheduled backups of the cluster's Kubernetes objects to an encrypted S3 bucket.

What it restores is the cluster's state (every namespace's objects, CRDs and custom resources
included) after a lost or rebuilt cluster; the data lives in DynamoDB, Neptune and ElastiCache,
which AWS Backup covers (docs/infrastructure.md), so volume snapshots are off and Velero needs
no EC2 permissions. It writes through EKS Pod Identity (the AWS plugin's SDK reads the
container credentials: https://docs.aws.amazon.com/eks/latest/userguide/pod-id-minimum-sdk.html),
so no access key exists. Schedule and retention come from `dr.cluster_backup`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from aws_cdk import RemovalPolicy, Tags
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from chariot.infra.addons.base import AddonContext, HelmRelease
from chariot.infra.compliance import acknowledge
from chariot.infra.constructs.secure_bucket import secure_bucket
from chariot.spec import footprints
from chariot.spec import platform_names as names
from chariot.spec.model import Lifecycle, PlatformSpec

NAMESPACE = "velero"
SERVICE_ACCOUNT = "velero"
RELEASE = "velero"
# Chart 11.x installs Velero 1.17 (https://github.com/vmware-tanzu/helm-charts/releases,
# "velero-11.0.0: Update velero to v1.17.0"); the AWS plugin 1.13 is the one for Velero 1.17
# (https://github.com/vmware-tanzu/velero-plugin-for-aws#compatibility).
CHART_VERSION = "11.1.1"
REPOSITORY = "https://vmware-tanzu.github.io/helm-charts"
AWS_PLUGIN = "velero/velero-plugin-for-aws:v1.13.1"
BUCKET_ID = "ClusterBackups"  # chariot.infra.data_classification classifies it by this id
SCHEDULE = "daily"


def bucket_lifecycle(retention_days: int) -> Lifecycle:
    """Velero deletes a backup when its TTL ends; the lifecycle only cleans what is left
    (noncurrent versions, leftovers). Nothing may reach Glacier while Velero can still restore
    it, and S3 moves objects to Infrequent Access after 30 days at the earliest."""
    ia_days = max(30, retention_days + 1)
    return Lifecycle(ia_days=ia_days, glacier_days=ia_days + 1, expire_days=ia_days + 2)


def values(spec: PlatformSpec, bucket: str, annotations: dict[str, str]) -> dict[str, Any]:
    backup = spec.dr.cluster_backup
    return {
        "initContainers": [
            {
                "name": "velero-plugin-for-aws",
                "image": AWS_PLUGIN,
                "volumeMounts": [{"mountPath": "/target", "name": "plugins"}],
            }
        ],
        "credentials": {"useSecret": False},  # Pod Identity, no key in a Secret
        "resources": {"requests": footprints.VELERO.requests()},
        "serviceAccount": {"server": {"name": SERVICE_ACCOUNT, "annotations": annotations}},
        "snapshotsEnabled": False,
        "deployNodeAgent": False,
        "configuration": {
            "backupStorageLocation": [
                {
                    "name": "default",
                    "provider": "aws",
                    "bucket": bucket,
                    "default": True,
                    "config": {"region": spec.region},
                }
            ],
            "volumeSnapshotLocation": [],
        },
        "schedules": {
            SCHEDULE: {
                "disabled": False,
                "schedule": backup.schedule,
                "useOwnerReferencesInBackup": False,
                "template": {
                    "ttl": f"{backup.retention_days * 24}h",
                    "includedNamespaces": ["*"],
                    "snapshotVolumes": False,
                },
            }
        },
    }


class Velero:
    name: ClassVar[str] = "velero"
    footprint: ClassVar[footprints.FootprintOf] = staticmethod(footprints.velero)
    after: ClassVar[tuple[str, ...]] = ("storage-classes",)

    def enabled(self, spec: PlatformSpec) -> bool:
        return spec.dr.cluster_backup.enabled

    def install(self, ctx: AddonContext) -> list[Construct]:
        spec = ctx.spec
        key = ctx.shared.get("key:objects", kms.Key)
        bucket = secure_bucket(
            ctx.scope,
            BUCKET_ID,
            lifecycle=bucket_lifecycle(spec.dr.cluster_backup.retention_days),
            removal=RemovalPolicy.RETAIN if spec.deletion_protection else RemovalPolicy.DESTROY,
            key=key,
            access_logs=ctx.shared.get("log-bucket", s3.Bucket),
            access_logs_prefix="s3/cluster-backups/",
        )
        # Region loss loses these backups, not the cluster's objects: they are rendered from the
        # repository and applied again (docs/disaster-recovery.md); the DR model reads this tag.
        Tags.of(bucket).add(names.RECOVERY_TAG, names.REBUILT_FROM_REPOSITORY)
        acknowledge(
            bucket,
            {
                "NIST.800.53.R5-S3BucketReplicationEnabled": (
                    "Backups of this cluster's running state, for restores in this region; a "
                    "cluster in the DR region is rebuilt from the spec (CDK and the rendered "
                    "manifests), not from these backups."
                )
            },
        )
        identity = ctx.workload_identity(
            "VeleroIdentity",
            namespace=NAMESPACE,
            service_account=SERVICE_ACCOUNT,
            statements=[
                # https://github.com/vmware-tanzu/velero-plugin-for-aws#set-permissions-for-velero
                iam.PolicyStatement(
                    actions=[
                        "s3:GetObject",
                        "s3:PutObject",
                        "s3:DeleteObject",
                        "s3:AbortMultipartUpload",
                        "s3:ListMultipartUploadParts",
                    ],
                    resources=[bucket.arn_for_objects("*")],
                ),
                iam.PolicyStatement(actions=["s3:ListBucket"], resources=[bucket.bucket_arn]),
                iam.PolicyStatement(
                    actions=["kms:Decrypt", "kms:GenerateDataKey"], resources=[key.key_arn]
                ),
            ],
            wildcard_reason="Velero names its objects (backups/<name>/...) at run time",
        )
        release = HelmRelease(
            release=RELEASE,
            chart="velero",
            repository=REPOSITORY,
            version=ctx.version(RELEASE, CHART_VERSION),
            namespace=NAMESPACE,
            values=values(spec, bucket.bucket_name, dict(identity.service_account_annotations)),
        )
        chart = ctx.helm(release)
        chart.node.add_dependency(identity.construct)
        return [chart]
