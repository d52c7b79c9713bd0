"""Karpenter (the default node autoscaler): controller on Fargate, its IAM, the interruption queue
with its EventBridge rules, and one EC2NodeClass + NodePool per spec node pool.

The controller runs in the `karpenter` namespace, which the spec's Fargate profile selects, so
the thing that launches nodes never runs on the nodes it manages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from chariot.infra.addons.base import AddonContext, HelmRelease
from chariot.infra.addons.karpenter_objects import NodeClassInputs, objects
from chariot.infra.compliance import acknowledge
from chariot.infra.constructs.domain_key import domain_key
from chariot.infra.names import prefix
from chariot.spec import footprints
from chariot.spec import platform_names as names
from chariot.spec.model import PlatformSpec
from chariot.spec.vpc_cni import vpc_cni

NAMESPACE = names.KARPENTER_NAMESPACE
SERVICE_ACCOUNT = "karpenter"
CHART_VERSION = "1.14.1"  # = the shipped CRD schemas (chariot.k8s.validate.crd_sources)
# An OCI repository is the chart reference itself (the kubectl handler `helm pull`s it).
REPOSITORY = "oci://public.ecr.aws/karpenter/karpenter"

# What Karpenter reacts to before AWS takes a node away (source, detail-type).
INTERRUPTION_EVENTS = {
    "ScheduledChange": ("aws.health", "AWS Health Event"),
    "SpotInterruption": ("aws.ec2", "EC2 Spot Instance Interruption Warning"),
    "Rebalance": ("aws.ec2", "EC2 Instance Rebalance Recommendation"),
    "InstanceStateChange": ("aws.ec2", "EC2 Instance State-change Notification"),
}


def statements(
    ctx: AddonContext, queue: sqs.IQueue, key: kms.IKey, node_role: iam.IRole
) -> list[iam.PolicyStatement]:
    """Karpenter's controller policy, scoped to this cluster's tags (karpenter.sh/nodepool and
    kubernetes.io/cluster/<name>) wherever EC2 and IAM allow conditions."""
    name = ctx.spec.cluster.name
    region = ctx.spec.region
    owned = {f"aws:RequestTag/kubernetes.io/cluster/{name}": "owned"}
    owned_resource = {f"aws:ResourceTag/kubernetes.io/cluster/{name}": "owned"}
    nodepool_request = {"aws:RequestTag/karpenter.sh/nodepool": "*"}
    nodepool_resource = {"aws:ResourceTag/karpenter.sh/nodepool": "*"}
    ec2_arn = ctx.arn
    launched = [
        ec2_arn("ec2", r)
        for r in (
            "fleet/*",
            "instance/*",
            "volume/*",
            "network-interface/*",
            "launch-template/*",
            "spot-instances-request/*",
        )
    ]
    partition = ctx.stack.partition
    profiles = f"arn:{partition}:iam::{ctx.stack.account}:instance-profile/*"
    profile_tags = {
        f"aws:ResourceTag/kubernetes.io/cluster/{name}": "owned",
        "aws:ResourceTag/topology.kubernetes.io/region": region,
    }
    return [
        iam.PolicyStatement(
            sid="LaunchFromSharedResources",
            actions=["ec2:RunInstances", "ec2:CreateFleet"],
            resources=[
                f"arn:{partition}:ec2:{region}::image/*",
                f"arn:{partition}:ec2:{region}::snapshot/*",
                ec2_arn("ec2", "security-group/*"),
                ec2_arn("ec2", "subnet/*"),
                ec2_arn("ec2", "capacity-reservation/*"),
            ],
        ),
        iam.PolicyStatement(
            sid="LaunchFromOwnLaunchTemplates",
            actions=["ec2:RunInstances", "ec2:CreateFleet"],
            resources=[ec2_arn("ec2", "launch-template/*")],
            conditions={
                "StringEquals": owned_resource,
                "StringLike": nodepool_resource,
            },
        ),
        iam.PolicyStatement(
            sid="CreateTaggedResources",
            actions=["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
            resources=launched,
            conditions={
                "StringEquals": {
                    **owned,
                    "aws:RequestTag/eks:eks-cluster-name": name,
                },
                "StringLike": nodepool_request,
            },
        ),
        iam.PolicyStatement(
            sid="TagAtCreation",
            actions=["ec2:CreateTags"],
            resources=launched,
            conditions={
                "StringEquals": {
                    **owned,
                    "aws:RequestTag/eks:eks-cluster-name": name,
                    "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"],
                },
                "StringLike": nodepool_request,
            },
        ),
        iam.PolicyStatement(
            sid="TagOwnInstances",
            actions=["ec2:CreateTags"],
            resources=[ec2_arn("ec2", "instance/*")],
            conditions={
                "StringEquals": owned_resource,
                "StringLike": nodepool_resource,
                "StringEqualsIfExists": {"aws:RequestTag/eks:eks-cluster-name": name},
                "ForAllValues:StringEquals": {
                    "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"]
                },
            },
        ),
        iam.PolicyStatement(
            sid="DeleteOwnResources",
            actions=["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
            resources=[ec2_arn("ec2", "instance/*"), ec2_arn("ec2", "launch-template/*")],
            conditions={"StringEquals": owned_resource, "StringLike": nodepool_resource},
        ),
        iam.PolicyStatement(
            sid="RegionalReads",
            actions=[
                "ec2:DescribeAvailabilityZones",
                "ec2:DescribeImages",
                "ec2:DescribeInstances",
                "ec2:DescribeInstanceTypeOfferings",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeLaunchTemplates",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeSpotPriceHistory",
                "ec2:DescribeSubnets",
                "ec2:DescribeCapacityReservations",
                "ec2:DescribePlacementGroups",
            ],
            resources=["*"],
            conditions={"StringEquals": {"aws:RequestedRegion": region}},
        ),
        iam.PolicyStatement(
            sid="AmiParameters",
            actions=["ssm:GetParameter"],
            resources=[f"arn:{partition}:ssm:{region}::parameter/aws/service/*"],
        ),
        iam.PolicyStatement(sid="Pricing", actions=["pricing:GetProducts"], resources=["*"]),
        iam.PolicyStatement(
            sid="InterruptionQueue",
            actions=["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
            resources=[queue.queue_arn],
        ),
        iam.PolicyStatement(
            # Receiving from a KMS-encrypted queue decrypts its messages' data key.
            sid="InterruptionQueueKey",
            actions=["kms:Decrypt"],
            resources=[key.key_arn],
        ),
        iam.PolicyStatement(
            sid="PassNodeRole",
            actions=["iam:PassRole"],
            resources=[node_role.role_arn],
            conditions={
                "StringEquals": {
                    "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"]
                }
            },
        ),
        iam.PolicyStatement(
            sid="CreateInstanceProfiles",
            actions=["iam:CreateInstanceProfile", "iam:TagInstanceProfile"],
            resources=[profiles],
            conditions={
                "StringEquals": {
                    **owned,
                    "aws:RequestTag/topology.kubernetes.io/region": region,
                    "aws:RequestTag/eks:eks-cluster-name": name,
                },
                "StringLike": {"aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*"},
            },
        ),
        iam.PolicyStatement(
            sid="ManageOwnInstanceProfiles",
            actions=[
                "iam:AddRoleToInstanceProfile",
                "iam:RemoveRoleFromInstanceProfile",
                "iam:DeleteInstanceProfile",
                "iam:TagInstanceProfile",
            ],
            resources=[profiles],
            conditions={
                "StringEquals": profile_tags,
                "StringLike": {"aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*"},
            },
        ),
        iam.PolicyStatement(
            sid="ReadInstanceProfiles",
            actions=["iam:GetInstanceProfile", "iam:ListInstanceProfiles"],
            resources=[profiles],
        ),
        iam.PolicyStatement(
            sid="DiscoverApiServer",
            actions=["eks:DescribeCluster"],
            resources=[ctx.cluster.cluster_arn],
        ),
    ]


class Karpenter:
    name: ClassVar[str] = "karpenter"
    footprint: ClassVar[footprints.FootprintOf] = staticmethod(footprints.karpenter)
    after: ClassVar[tuple[str, ...]] = ()

    def enabled(self, spec: PlatformSpec) -> bool:
        return spec.cluster.node_autoscaler == "karpenter"

    def release(
        self, ctx: AddonContext, queue_name: str, annotations: Mapping[str, str]
    ) -> HelmRelease:
        return HelmRelease(
            release="karpenter",
            chart="karpenter",
            repository=REPOSITORY,
            version=ctx.version("karpenter", CHART_VERSION),
            namespace=NAMESPACE,
            values={
                "settings": {
                    "clusterName": ctx.spec.cluster.name,
                    "interruptionQueue": queue_name,
                    # Custom networking keeps pods off the primary ENI: Karpenter must not
                    # count it when it computes a node's pod capacity.
                    **({"reservedENIs": "1"} if vpc_cni(ctx.spec).custom_networking else {}),
                },
                "serviceAccount": {
                    "create": True,
                    "name": SERVICE_ACCOUNT,
                    "annotations": dict(annotations),
                },
                "replicas": footprints.KARPENTER_CONTROLLER.replicas,
                # On Fargate, before CoreDNS may have nodes to run on.
                "dnsPolicy": "Default",
                "controller": {
                    "resources": {
                        "requests": footprints.KARPENTER_CONTROLLER.requests(),
                        "limits": footprints.KARPENTER_CONTROLLER.requests(),
                    }
                },
            },
            wait=True,
        )

    def install(self, ctx: AddonContext) -> list[Construct]:
        # A customer-managed key rather than SSE-SQS: its policy says who may read the notices
        # (Karpenter, through SQS) and write them (EventBridge of this account: `targets.SqsQueue`
        # grants events.amazonaws.com on the key, bound to aws:SourceAccount by the
        # eventsTargetQueueSameAccount flag in cdk.json). The messages live five minutes, so the
        # key goes with the stack.
        key = domain_key(
            ctx.scope,
            "InterruptionQueueKey",
            alias=f"alias/{prefix(ctx.spec)}-karpenter-interruption",
            description="Encrypts Karpenter's interruption queue",
            account=ctx.spec.account,
            via_services=[f"sqs.{ctx.spec.region}.amazonaws.com"],
            removal=RemovalPolicy.DESTROY,
        )
        queue = sqs.Queue(
            ctx.scope,
            "InterruptionQueue",
            queue_name=f"{ctx.spec.cluster.name}-karpenter",
            retention_period=Duration.minutes(5),
            encryption=sqs.QueueEncryption.KMS,
            encryption_master_key=key,
            enforce_ssl=True,
        )
        acknowledge(
            queue,
            {
                "AwsSolutions-SQS3": (
                    "Interruption notices matter for the two minutes before AWS reclaims a node; "
                    "a dead-letter queue would only hold stale notices Karpenter must ignore."
                ),
            },
        )
        for rule_id, (source, detail_type) in INTERRUPTION_EVENTS.items():
            events.Rule(
                ctx.scope,
                rule_id,
                description=f"Karpenter interruption handling: {detail_type}",
                event_pattern=events.EventPattern(source=[source], detail_type=[detail_type]),
                targets=[targets.SqsQueue(queue)],
            )

        node_role = ctx.shared.get("node-role", iam.Role)
        identity = ctx.workload_identity(
            "Identity",
            namespace=NAMESPACE,
            service_account=SERVICE_ACCOUNT,
            statements=statements(ctx, queue, key, node_role),
            wildcard_reason=(
                "Karpenter launches and names instances, fleets, launch templates and instance "
                "profiles at run time; every such ARN pattern is bound to this cluster's "
                "kubernetes.io/cluster and karpenter.sh tags; Describe*, pricing and public AMI "
                "parameters have no resource-level permissions or are AWS-owned."
            ),
        )
        chart = ctx.helm(self.release(ctx, queue.queue_name, identity.service_account_annotations))
        chart.node.add_dependency(identity.construct)

        vpc = ctx.shared.get("vpc", ec2.Vpc)
        inputs = NodeClassInputs(
            role=node_role.role_name,
            subnet_ids=[
                s.subnet_id for s in vpc.select_subnets(subnet_group_name="private").subnets
            ],
            security_group_ids=[ctx.cluster.cluster_security_group_id],
            cluster_name=ctx.spec.cluster.name,
            prefix_delegation=vpc_cni(ctx.spec).prefix_delegation,
        )
        pools = ctx.manifest(
            "NodePools",
            # Only the pools Karpenter owns; the others are managed node groups.
            *objects(
                [p for p in ctx.spec.cluster.node_pools if p.autoscaled],
                ctx.spec.cluster.karpenter,
                inputs,
            ),
        )
        pools.node.add_dependency(chart)
        return [chart, pools]
