"""AWS Load Balancer Controller: binds the Istio ingress gateway pods to the CDK-created internal
NLB's target group (TargetGroupBinding, IP targets) and serves Ingress/Service load balancers.

Its IAM is written here, scoped by the controller's own tags (`elbv2.k8s.aws/cluster`) wherever
the ELB and EC2 APIs allow conditions.
"""

from __future__ import annotations

from typing import ClassVar

from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from constructs import Construct

from chariot.infra.addons.base import AddonContext, HelmRelease
from chariot.spec import footprints
from chariot.spec.model import PlatformSpec

NAMESPACE = "aws-load-balancer-controller"
SERVICE_ACCOUNT = "aws-load-balancer-controller"
CHART_VERSION = "1.17.1"  # controller v2.17.1, the version of the shipped CRD schemas
REPOSITORY = "https://aws.github.io/eks-charts"
CLUSTER_TAG = "elbv2.k8s.aws/cluster"

DESCRIBE_ACTIONS = [
    "ec2:DescribeAccountAttributes",
    "ec2:DescribeAddresses",
    "ec2:DescribeAvailabilityZones",
    "ec2:DescribeInternetGateways",
    "ec2:DescribeVpcs",
    "ec2:DescribeVpcPeeringConnections",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeInstances",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeTags",
    "ec2:DescribeRouteTables",
    "ec2:GetSecurityGroupsForVpc",
    "elasticloadbalancing:DescribeLoadBalancers",
    "elasticloadbalancing:DescribeLoadBalancerAttributes",
    "elasticloadbalancing:DescribeListeners",
    "elasticloadbalancing:DescribeListenerAttributes",
    "elasticloadbalancing:DescribeListenerCertificates",
    "elasticloadbalancing:DescribeSSLPolicies",
    "elasticloadbalancing:DescribeRules",
    "elasticloadbalancing:DescribeTargetGroups",
    "elasticloadbalancing:DescribeTargetGroupAttributes",
    "elasticloadbalancing:DescribeTargetHealth",
    "elasticloadbalancing:DescribeTags",
    "elasticloadbalancing:DescribeTrustStores",
    "acm:ListCertificates",
    "acm:DescribeCertificate",
]


def statements(ctx: AddonContext) -> list[iam.PolicyStatement]:
    cluster_tag_on_request = {"Null": {f"aws:RequestTag/{CLUSTER_TAG}": "false"}}
    cluster_tag_on_resource = {"Null": {f"aws:ResourceTag/{CLUSTER_TAG}": "false"}}
    elb = "elasticloadbalancing"
    load_balancers = [ctx.arn(elb, "loadbalancer/net/*/*"), ctx.arn(elb, "loadbalancer/app/*/*")]
    target_groups = [ctx.arn(elb, "targetgroup/*/*")]
    listeners = [
        ctx.arn(elb, "listener/net/*/*/*"),
        ctx.arn(elb, "listener/app/*/*/*"),
        ctx.arn(elb, "listener-rule/net/*/*/*"),
        ctx.arn(elb, "listener-rule/app/*/*/*"),
    ]
    security_groups = [ctx.arn("ec2", "security-group/*")]
    return [
        iam.PolicyStatement(
            sid="ServiceLinkedRole",
            actions=["iam:CreateServiceLinkedRole"],
            resources=[
                f"arn:{ctx.stack.partition}:iam::{ctx.stack.account}:role/aws-service-role/"
                "elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing"
            ],
            conditions={
                "StringEquals": {"iam:AWSServiceName": "elasticloadbalancing.amazonaws.com"}
            },
        ),
        iam.PolicyStatement(sid="Describe", actions=DESCRIBE_ACTIONS, resources=["*"]),
        iam.PolicyStatement(
            sid="CreateOwnSecurityGroups",
            actions=["ec2:CreateSecurityGroup"],
            resources=[ctx.arn("ec2", "vpc/*"), *security_groups],
        ),
        iam.PolicyStatement(
            sid="TagOwnSecurityGroupsAtCreation",
            actions=["ec2:CreateTags"],
            resources=security_groups,
            conditions={
                "StringEquals": {"ec2:CreateAction": "CreateSecurityGroup"},
                **cluster_tag_on_request,
            },
        ),
        iam.PolicyStatement(
            sid="ManageOwnSecurityGroups",
            actions=["ec2:CreateTags", "ec2:DeleteTags", "ec2:DeleteSecurityGroup"],
            resources=security_groups,
            conditions=cluster_tag_on_resource,
        ),
        # TargetGroupBinding opens the node/pod security group (the EKS cluster security group,
        # which EKS owns and the controller never tagged) to the load balancer.
        iam.PolicyStatement(
            sid="OpenTargetSecurityGroups",
            actions=["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
            resources=security_groups,
        ),
        iam.PolicyStatement(
            sid="CreateOwnLoadBalancers",
            actions=[f"{elb}:CreateLoadBalancer", f"{elb}:CreateTargetGroup"],
            resources=[*load_balancers, *target_groups],
            conditions=cluster_tag_on_request,
        ),
        iam.PolicyStatement(
            sid="TagAtCreation",
            actions=[f"{elb}:AddTags"],
            resources=[*load_balancers, *target_groups, *listeners],
            conditions={
                "StringEquals": {
                    f"{elb}:CreateAction": [
                        "CreateTargetGroup",
                        "CreateLoadBalancer",
                        "CreateListener",
                        "CreateRule",
                    ]
                }
            },
        ),
        iam.PolicyStatement(
            sid="ManageOwnLoadBalancers",
            actions=[
                f"{elb}:ModifyLoadBalancerAttributes",
                f"{elb}:SetIpAddressType",
                f"{elb}:SetSecurityGroups",
                f"{elb}:SetSubnets",
                f"{elb}:DeleteLoadBalancer",
                f"{elb}:ModifyTargetGroup",
                f"{elb}:ModifyTargetGroupAttributes",
                f"{elb}:DeleteTargetGroup",
                f"{elb}:ModifyListenerAttributes",
                f"{elb}:AddTags",
                f"{elb}:RemoveTags",
            ],
            resources=[*load_balancers, *target_groups],
            conditions=cluster_tag_on_resource,
        ),
        iam.PolicyStatement(
            sid="ListenersAndRules",
            actions=[
                f"{elb}:CreateListener",
                f"{elb}:DeleteListener",
                f"{elb}:CreateRule",
                f"{elb}:DeleteRule",
                f"{elb}:ModifyListener",
                f"{elb}:ModifyRule",
                f"{elb}:AddListenerCertificates",
                f"{elb}:RemoveListenerCertificates",
                f"{elb}:SetRulePriorities",
            ],
            resources=[*load_balancers, *listeners],
        ),
        # Target groups created by CDK (the edge's NLB) carry no controller tag; registering
        # the gateway pod IPs into them is the point of the TargetGroupBinding.
        iam.PolicyStatement(
            sid="RegisterTargets",
            actions=[f"{elb}:RegisterTargets", f"{elb}:DeregisterTargets"],
            resources=target_groups,
        ),
    ]


class LoadBalancerController:
    name: ClassVar[str] = "aws-load-balancer-controller"
    footprint: ClassVar[footprints.FootprintOf] = staticmethod(footprints.load_balancer_controller)
    after: ClassVar[tuple[str, ...]] = ()

    def enabled(self, spec: PlatformSpec) -> bool:
        return True

    def release(self, ctx: AddonContext, vpc_id: str) -> HelmRelease:
        return HelmRelease(
            release="aws-load-balancer-controller",
            chart="aws-load-balancer-controller",
            repository=REPOSITORY,
            version=ctx.version("aws-load-balancer-controller", CHART_VERSION),
            namespace=NAMESPACE,
            values={
                "clusterName": ctx.spec.cluster.name,
                "region": ctx.spec.region,
                # IMDS is closed to pods (hop limit 1), so the VPC is given, not discovered.
                "vpcId": vpc_id,
                "replicaCount": 2,
                "serviceAccount": {"create": True, "name": SERVICE_ACCOUNT},
                # Services stay ClusterIP unless they ask for a load balancer explicitly: the
                # ingress gateway is reached through the edge's own NLB.
                "enableServiceMutatorWebhook": False,
                "podDisruptionBudget": {"maxUnavailable": 1},
            },
            # Its webhooks must answer before other charts create Services and Ingresses.
            wait=True,
        )

    def install(self, ctx: AddonContext) -> list[Construct]:
        vpc = ctx.shared.get("vpc", ec2.Vpc)
        identity = ctx.pod_identity(
            "Identity",
            namespace=NAMESPACE,
            service_account=SERVICE_ACCOUNT,
            statements=statements(ctx),
            wildcard_reason=(
                "Describe/List APIs of EC2, ELB and ACM have no resource-level permissions; "
                "load balancers, target groups, listeners and security groups are created by the "
                "controller at run time, so their ARNs are only known by pattern; creation and "
                "changes are bound to the controller's elbv2.k8s.aws/cluster tag where the API "
                "supports it."
            ),
        )
        chart = ctx.helm(self.release(ctx, vpc.vpc_id))
        chart.node.add_dependency(identity)
        return [chart]
