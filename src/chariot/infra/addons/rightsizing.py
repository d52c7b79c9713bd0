"""The weekly right-sizing report (`cost.rightsizing`): an EventBridge rule runs a Lambda on the
spec's schedule; it reads the VPA's recommendations from the cluster and Compute Optimizer's
findings for the nodes, writes the report as JSON and markdown to its own bucket, and mails a
summary to the alerts topic (`rightsizing_handler/`).

Least privilege, both sides:
- Kubernetes: the function's role has an access entry in the group `chariot:rightsizing` and
  no access policy; a ClusterRole bound to that group may only get and list
  VerticalPodAutoscalers, Deployments and StatefulSets
  (https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html).
- AWS: `compute-optimizer:GetEnrollmentStatus`, `GetEC2InstanceRecommendations` and the
  `ec2:DescribeInstances` Compute Optimizer requires to show EC2 findings
  (https://docs.aws.amazon.com/compute-optimizer/latest/ug/security-iam.html) take no resource
  ARN; `s3:PutObject` on its bucket's `reports/` only, `sns:Publish` on the alerts topic, the
  two keys through their services, and network interfaces only in the private subnets behind
  its own security group (its VPC attachment).
The function runs in the private subnets: the cluster's endpoint is private, and the cluster's
security group admits it on 443.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from aws_cdk import Duration, RemovalPolicy, Stack, Tags
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from chariot.infra.addons.base import AddonContext
from chariot.infra.compliance import acknowledge
from chariot.infra.constructs.handler_function import handler_function, job_identity
from chariot.infra.constructs.secure_bucket import secure_bucket
from chariot.infra.eks.nag import wildcard_findings
from chariot.infra.eks.scheduled_scaling import eventbridge_cron
from chariot.infra.log_retention import retention
from chariot.infra.names import alerts_topic_name
from chariot.spec import footprints
from chariot.spec import platform_names as names
from chariot.spec.model import Lifecycle, PlatformSpec

HANDLER = Path(__file__).with_name("rightsizing_handler")
BUCKET_ID = "RightSizingReports"  # chariot.infra.data_classification classifies it by this id
GROUP = "chariot:rightsizing"
READER = "chariot-rightsizing-reader"
REPORTS = "reports/"

LAMBDA_REASONS = {
    "NIST.800.53.R5-LambdaConcurrency": (
        "Runs once a week from one EventBridge rule; it cannot fan out."
    ),
    "NIST.800.53.R5-LambdaDLQ": (
        "A failed run is retried by EventBridge and shows in the function's errors metric; "
        "the next week's run reports again."
    ),
}


def reader_role() -> dict[str, object]:
    """What the report may read in the cluster: the VPAs and the workloads they target."""
    return {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "ClusterRole",
        "metadata": {"name": READER},
        "rules": [
            {
                "apiGroups": ["autoscaling.k8s.io"],
                "resources": ["verticalpodautoscalers"],
                "verbs": ["get", "list"],
            },
            {
                "apiGroups": ["apps"],
                "resources": ["deployments", "statefulsets"],
                "verbs": ["get", "list"],
            },
        ],
    }


def reader_binding() -> dict[str, object]:
    return {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "ClusterRoleBinding",
        "metadata": {"name": READER},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": READER},
        "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": GROUP}],
    }


def reports_lifecycle(keep_days: int) -> Lifecycle:
    """Reports are read in their first weeks, then kept for comparison until `keep_days`."""
    return Lifecycle(ia_days=30, glacier_days=max(31, keep_days // 2), expire_days=keep_days)


class RightSizing:
    name: ClassVar[str] = "rightsizing"
    footprint: ClassVar[footprints.FootprintOf] = staticmethod(footprints.no_pods)
    # It reads VerticalPodAutoscaler objects: their CRD comes with the VPA add-on.
    after: ClassVar[tuple[str, ...]] = ("vertical-pod-autoscaler",)

    def enabled(self, spec: PlatformSpec) -> bool:
        return spec.cost.rightsizing.enabled

    def install(self, ctx: AddonContext) -> list[Construct]:
        spec, scope = ctx.spec, ctx.scope
        job = spec.cost.rightsizing
        objects_key = ctx.shared.get("key:objects", kms.Key)
        alerts_key = ctx.shared.get("key:alerts", kms.Key)
        bucket = secure_bucket(
            scope,
            BUCKET_ID,
            lifecycle=reports_lifecycle(job.keep_days),
            removal=RemovalPolicy.RETAIN if spec.deletion_protection else RemovalPolicy.DESTROY,
            key=objects_key,
            access_logs=ctx.shared.get("log-bucket", s3.Bucket),
            access_logs_prefix="s3/rightsizing-reports/",
        )
        acknowledge(
            bucket,
            {
                "NIST.800.53.R5-S3BucketReplicationEnabled": (
                    "Weekly reports derived from live data; the next run writes a new one."
                )
            },
        )
        # Region loss loses old reports, not the report: the next run writes a new one.
        Tags.of(bucket).add(names.RECOVERY_TAG, names.REGENERATED_ON_SCHEDULE)
        identity = job_identity(
            scope,
            description="Right-sizing report: read VPAs and Compute Optimizer, write the report",
            logs_key=ctx.shared.get("key:logs", kms.Key),
            retention=retention(spec.security.log_retention_days),
        )
        vpc = ctx.shared.get("vpc", ec2.Vpc)
        security_group = ec2.SecurityGroup(
            scope,
            "SecurityGroup",
            vpc=vpc,
            description="Right-sizing report Lambda: HTTPS out only",
            allow_all_outbound=False,
        )
        security_group.add_egress_rule(
            ec2.Peer.any_ipv4(), ec2.Port.tcp(443), "the cluster's API server and AWS APIs"
        )
        private = vpc.select_subnets(subnet_group_name="private").subnets
        topic = ctx.arn("sns", alerts_topic_name(spec))
        statements = [
            identity.writes_logs,
            iam.PolicyStatement(
                actions=[
                    "compute-optimizer:GetEnrollmentStatus",
                    "compute-optimizer:GetEC2InstanceRecommendations",
                    "ec2:DescribeInstances",
                ],
                resources=["*"],
            ),
            iam.PolicyStatement(
                actions=["s3:PutObject"], resources=[bucket.arn_for_objects(f"{REPORTS}*")]
            ),
            iam.PolicyStatement(
                actions=["kms:GenerateDataKey"],
                resources=[objects_key.key_arn],
                conditions={"StringEquals": {"kms:ViaService": f"s3.{spec.region}.amazonaws.com"}},
            ),
            iam.PolicyStatement(actions=["sns:Publish"], resources=[topic]),
            iam.PolicyStatement(
                actions=["kms:GenerateDataKey", "kms:Decrypt"], resources=[alerts_key.key_arn]
            ),
            # The VPC attachment (what AWSLambdaVPCAccessExecutionRole grants), scoped: network
            # interfaces in the private subnets behind this function's security group only.
            iam.PolicyStatement(
                actions=["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"], resources=["*"]
            ),
            iam.PolicyStatement(
                actions=["ec2:CreateNetworkInterface"],
                resources=[
                    ctx.arn("ec2", "network-interface/*"),
                    ctx.arn("ec2", f"security-group/{security_group.security_group_id}"),
                    *(ctx.arn("ec2", f"subnet/{subnet.subnet_id}") for subnet in private),
                ],
            ),
            iam.PolicyStatement(
                actions=[
                    "ec2:DeleteNetworkInterface",
                    "ec2:AssignPrivateIpAddresses",
                    "ec2:UnassignPrivateIpAddresses",
                ],
                resources=[ctx.arn("ec2", "network-interface/*")],
            ),
        ]
        policy = iam.ManagedPolicy(scope, "Policy", roles=[identity.role], statements=statements)
        # The rule lives here, on the cluster's group (a rule added through the cluster's
        # connections would sit in the cluster stack and point back at this one: a cycle).
        ec2.CfnSecurityGroupIngress(
            scope,
            "ApiServerIngress",
            group_id=ctx.cluster.cluster_security_group_id,
            source_security_group_id=security_group.security_group_id,
            ip_protocol="tcp",
            from_port=443,
            to_port=443,
            description="right-sizing report to the API server",
        )
        function = handler_function(
            scope,
            "Function",
            folder=HANDLER,
            description="Weekly right-sizing report: VPA + Compute Optimizer to S3 and mail",
            timeout=Duration.minutes(5),
            role=identity.role,
            log_group=identity.log_group,
            environment={
                "CLUSTER_NAME": spec.cluster.name,
                "CLUSTER_ENDPOINT": ctx.cluster.cluster_endpoint,
                "CLUSTER_CA": ctx.cluster.cluster_certificate_authority_data,
                "BUCKET": bucket.bucket_name,
                "TOPIC_ARN": topic,
                "ENVIRONMENT": spec.environment,
            },
            vpc=vpc,
            security_groups=[security_group],
        )
        function.node.add_dependency(policy)
        access = eks.CfnAccessEntry(
            scope,
            "ClusterAccess",
            cluster_name=spec.cluster.name,
            principal_arn=identity.role.role_arn,
            kubernetes_groups=[GROUP],
            type="STANDARD",
        )
        rbac = ctx.manifest("ReaderRbac", reader_role(), reader_binding())
        rule = events.Rule(
            scope,
            "Schedule",
            description=f"Weekly right-sizing report ({job.schedule} UTC)",
            schedule=events.Schedule.expression(eventbridge_cron(job.schedule)),
            targets=[targets.LambdaFunction(function, retry_attempts=2)],
        )
        rule.node.add_dependency(access, rbac)
        acknowledge(function, LAMBDA_REASONS)
        acknowledge(
            policy,
            wildcard_findings(
                Stack.of(scope),
                statements,
                "Compute Optimizer's reads, ec2:DescribeInstances and the VPC attachment's "
                "network interfaces take no resource ARN; Lambda names its log streams and the "
                "report its objects (under reports/) at run time.",
            ),
        )
        return [function, rule, rbac]
