"""KMS keys per data domain, the object and log buckets, replication to DR (objects; images
when the strategy replicates data), CloudTrail.

Every key here is shared by name (`key:<domain>`) so the data, edge and governance stacks
encrypt with the key of their domain, and each key's policy admits only its own services.
"""

from __future__ import annotations

from aws_cdk import CfnOutput, RemovalPolicy, Stack
from aws_cdk import aws_cloudtrail as cloudtrail
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.constructs.bucket_replication import Replica, replicate
from chariot.infra.constructs.domain_key import domain_key
from chariot.infra.constructs.image_replication import registry_replication
from chariot.infra.constructs.secure_bucket import secure_bucket, use_bucket_policy_for_access_logs
from chariot.infra.constructs.trail_data_events import event_selectors
from chariot.infra.log_retention import retention
from chariot.infra.names import key_alias
from chariot.infra.shared import Shared
from chariot.infra.stacks.base import PlatformStack
from chariot.infra.stacks.dr import replica_bucket_name, replica_key_alias
from chariot.spec.dr_strategies import replicates_data
from chariot.spec.model import PlatformSpec


def key_domains(spec: PlatformSpec) -> dict[str, tuple[str, list[str], list[str]]]:
    """domain -> (what it encrypts, services it may be used through, service principals)."""
    region = spec.region

    def via(service: str) -> str:
        return f"{service}.{region}.amazonaws.com"

    return {
        "tables": ("DynamoDB tables", [via("dynamodb"), via("backup")], []),
        "graph": ("the Neptune graph (storage and snapshots)", [via("rds")], []),
        "cache": ("ElastiCache data at rest and snapshots", [via("elasticache")], []),
        "objects": ("the objects bucket", [via("s3")], []),
        "backup": ("the AWS Backup vault", [via("backup")], []),
        # ECR encrypts with a grant it creates on the key; pulls need no key permission.
        "images": ("the services' ECR repositories", [via("ecr")], []),
        "secrets": ("the edge's origin secret", [via("secretsmanager")], []),
        # CloudWatch Logs and CloudTrail are principals here, see _log_statements.
        "logs": ("CloudTrail and application log groups", [], []),
        "alerts": (
            "the alerts SNS topic",
            [via("sns")],
            [
                "cloudwatch.amazonaws.com",
                "budgets.amazonaws.com",
                "costalerts.amazonaws.com",
                "backup.amazonaws.com",  # backup vault notifications
            ],
        ),
    }


def _log_statements(spec: PlatformSpec) -> list[iam.PolicyStatement]:
    """CloudWatch Logs (any log group of this account) and CloudTrail (trails of this account)."""
    return [
        iam.PolicyStatement(
            sid="CloudWatchLogsOfThisAccount",
            principals=[iam.ServicePrincipal(f"logs.{spec.region}.amazonaws.com")],
            # No kms:Describe*: Describe requests carry no encryption context, so under the
            # condition below such a grant would never apply (readiness rule iam-policy-lint).
            actions=[
                "kms:Encrypt*",
                "kms:Decrypt*",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
            ],
            resources=["*"],
            conditions={
                "ArnLike": {
                    "kms:EncryptionContext:aws:logs:arn": (
                        f"arn:aws:logs:{spec.region}:{spec.account}:log-group:*"
                    )
                }
            },
        ),
        # DescribeKey requests carry no encryption context: under the condition below the grant
        # would never apply and the trail would be refused (InsufficientEncryptionPolicyException).
        # https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
        iam.PolicyStatement(
            sid="CloudTrailDescribesTheKey",
            principals=[iam.ServicePrincipal("cloudtrail.amazonaws.com")],
            actions=["kms:DescribeKey"],
            resources=["*"],
            conditions={"StringEquals": {"aws:SourceAccount": spec.account}},
        ),
        iam.PolicyStatement(
            sid="CloudTrailOfThisAccount",
            principals=[iam.ServicePrincipal("cloudtrail.amazonaws.com")],
            actions=["kms:GenerateDataKey*"],
            resources=["*"],
            conditions={
                "StringEquals": {"aws:SourceAccount": spec.account},
                "StringLike": {
                    "kms:EncryptionContext:aws:cloudtrail:arn": (
                        f"arn:aws:cloudtrail:*:{spec.account}:trail/*"
                    )
                },
            },
        ),
        iam.PolicyStatement(
            sid="ReadTrailLogsInThisAccount",
            principals=[iam.AccountRootPrincipal()],
            actions=["kms:Decrypt", "kms:ReEncryptFrom"],
            resources=["*"],
            conditions={
                "StringEquals": {"kms:CallerAccount": spec.account},
                "StringLike": {
                    "kms:EncryptionContext:aws:cloudtrail:arn": (
                        f"arn:aws:cloudtrail:*:{spec.account}:trail/*"
                    )
                },
            },
        ),
    ]


class RegionalSecurity(PlatformStack):
    """The keys of `domains` (all by default) and the access-log bucket of one region, shared
    as `key:<domain>` and `log-bucket`."""

    domains: tuple[str, ...] | None = None

    def __init__(
        self, scope: Construct, spec: PlatformSpec, shared: Shared, description: str
    ) -> None:
        super().__init__(scope, spec, description)
        use_bucket_policy_for_access_logs(self)
        self.removal = RemovalPolicy.RETAIN if spec.deletion_protection else RemovalPolicy.DESTROY
        self.keys = {}
        for domain, (what, via, principals) in key_domains(spec).items():
            if self.domains is not None and domain not in self.domains:
                continue
            key = domain_key(
                self,
                f"{domain.capitalize()}Key",
                alias=key_alias(spec, domain),
                description=f"Encrypts {what}",
                account=spec.account,
                via_services=via,
                service_principals=principals,
                extra_statements=_log_statements(spec) if domain == "logs" else (),
                removal=self.removal,
            )
            self.keys[domain] = key
            shared.register(f"key:{domain}", key)

        # Logs: server access logs and CloudFront standard logs need SSE-S3 and (CloudFront) ACLs.
        self.log_bucket = secure_bucket(
            self,
            "LogBucket",
            lifecycle=spec.cost.s3_lifecycle.logs,
            removal=self.removal,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
        )
        acknowledge(
            self.log_bucket,
            {
                "AwsSolutions-S1": "This is the access-log bucket; it does not log into itself.",
                "NIST.800.53.R5-S3BucketLoggingEnabled": (
                    "This is the access-log bucket; it does not log into itself."
                ),
                "NIST.800.53.R5-S3BucketReplicationEnabled": (
                    "Not replicated, accepted: this bucket keeps the S3, CloudFront and NLB "
                    "access logs and the CloudTrail files in its region only, so losing "
                    "the region loses them (the trail records events of every region, but "
                    "delivers them to the platform region). They are records to read, not data "
                    "to restore; CloudTrail's digest files prove the trail files unaltered."
                ),
                "NIST.800.53.R5-S3DefaultEncryptionKMS": (
                    "S3 server access logs and CloudFront standard logs can only be delivered "
                    "to SSE-S3 buckets; CloudTrail files in it are KMS-encrypted by the trail."
                ),
            },
        )
        shared.register("log-bucket", self.log_bucket)
        CfnOutput(self, "LogBucketName", value=self.log_bucket.bucket_name)


class SecurityStack(RegionalSecurity):
    part = "security"

    def __init__(self, scope: Construct, spec: PlatformSpec, shared: Shared) -> None:
        super().__init__(
            scope, spec, shared, "Chariot security: KMS keys, buckets, replication, trail"
        )
        removal = self.removal
        # Replication needs the replica bucket and its key in the DR region first.
        self.add_stack_dependency(shared.get("dr-stack", Stack))

        self.objects = secure_bucket(
            self,
            "ObjectsBucket",
            lifecycle=spec.cost.s3_lifecycle.objects,
            removal=removal,
            key=self.keys["objects"],
            access_logs=self.log_bucket,
            access_logs_prefix="s3/objects/",
        )
        # Every object version to the DR replica, with S3 Replication Time Control.
        replicate(
            self,
            "Replication",
            spec,
            self.objects,
            Replica(replica_bucket_name(spec), replica_key_alias(spec), self.keys["objects"]),
            what="the objects bucket",
        )
        shared.register("objects-bucket", self.objects)
        if replicates_data(spec):
            # The services' images to the DR region (a registry setting of this region).
            registry_replication(self, spec)

        if spec.security.cloudtrail:
            self._trail(spec, removal)

        CfnOutput(self, "ObjectsBucketName", value=self.objects.bucket_name)

    def _trail(self, spec: PlatformSpec, removal: RemovalPolicy) -> None:
        group = logs.LogGroup(
            self,
            "TrailLogs",
            encryption_key=self.keys["logs"],
            retention=retention(spec.security.log_retention_days),
            removal_policy=removal,
        )
        trail = cloudtrail.Trail(
            self,
            "Trail",
            bucket=self.log_bucket,
            s3_key_prefix="cloudtrail",
            encryption_key=self.keys["logs"],
            is_multi_region_trail=True,
            include_global_service_events=True,
            enable_file_validation=True,
            send_to_cloud_watch_logs=True,
            cloud_watch_log_group=group,
        )
        cfn_trail = trail.node.default_child
        if not isinstance(cfn_trail, cloudtrail.CfnTrail):  # pragma: no cover - CDK's structure
            raise TypeError("the trail has no CfnTrail")
        cfn_trail.advanced_event_selectors = event_selectors(spec, self.objects)
        # The L2 always writes `EventSelectors: []`; a trail takes basic or advanced selectors.
        cfn_trail.add_property_deletion_override("EventSelectors")
        acknowledge(
            trail,
            {
                "NIST.800.53.R5-IAMNoInlinePolicy": (
                    "CDK-generated CloudTrail delivery role: its inline policy writes to this "
                    "one log group only and lives and dies with the trail."
                )
            },
        )
