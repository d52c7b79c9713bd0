"""cluster-autoscaler (the spec's alternative to Karpenter) for the managed node groups.

The image comes from registry.k8s.io (k8s.gcr.io is frozen) at the release line of the
cluster's Kubernetes version; the flags are the seed's. EKS tags each managed node group's
Auto Scaling group with `k8s.io/cluster-autoscaler/enabled` and
`k8s.io/cluster-autoscaler/<cluster>`, which the auto-discovery flag looks for.
"""

from __future__ import annotations

from typing import ClassVar

from aws_cdk import aws_iam as iam
from constructs import Construct

from chariot.infra.addons.base import AddonContext, HelmRelease
from chariot.spec import footprints
from chariot.spec.model import PlatformSpec

NAMESPACE = "cluster-autoscaler"
SERVICE_ACCOUNT = "cluster-autoscaler"
CHART_VERSION = "9.59.0"
REPOSITORY = "https://kubernetes.github.io/autoscaler"
IMAGE = "registry.k8s.io/autoscaling/cluster-autoscaler"
# Newest cluster-autoscaler patch per Kubernetes minor, as listed on the kubernetes/autoscaler
# releases page (read 2026-11); CA must match the cluster's minor version.
IMAGE_TAGS = {
    "1.32": "v1.32.5",
    "1.33": "v1.33.5",
    "1.34": "v1.34.4",
    "1.35": "v1.35.1",
}
# The seed's flags (its invalid Deployment aside).
SEED_FLAGS = {
    "expander": "least-waste",
    "balance-similar-node-groups": True,
    "skip-nodes-with-local-storage": False,
    "skip-nodes-with-system-pods": False,
    "scale-down-enabled": True,
    "scale-down-delay-after-add": "10m",
    "scale-down-unneeded-time": "10m",
    "max-node-provision-time": "15m",
    "stderrthreshold": "info",
    "v": 4,
}


def image_tag(kubernetes_version: str) -> str:
    try:
        return IMAGE_TAGS[kubernetes_version]
    except KeyError:
        known = ", ".join(IMAGE_TAGS)
        raise ValueError(
            f"no cluster-autoscaler release known for Kubernetes {kubernetes_version} "
            f"(known: {known}); add it to IMAGE_TAGS"
        ) from None


def auto_discovery_tags(cluster_name: str) -> list[str]:
    return ["k8s.io/cluster-autoscaler/enabled", f"k8s.io/cluster-autoscaler/{cluster_name}"]


def statements(ctx: AddonContext) -> list[iam.PolicyStatement]:
    name = ctx.spec.cluster.name
    return [
        iam.PolicyStatement(
            sid="Discover",
            actions=[
                "autoscaling:DescribeAutoScalingGroups",
                "autoscaling:DescribeAutoScalingInstances",
                "autoscaling:DescribeLaunchConfigurations",
                "autoscaling:DescribeScalingActivities",
                "autoscaling:DescribeTags",
                "ec2:DescribeImages",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeLaunchTemplateVersions",
                "ec2:GetInstanceTypesFromInstanceRequirements",
            ],
            resources=["*"],
        ),
        iam.PolicyStatement(
            sid="ReadNodeGroups",
            actions=["eks:DescribeNodegroup"],
            resources=[ctx.arn("eks", f"nodegroup/{name}/*/*")],
        ),
        iam.PolicyStatement(
            sid="ScaleOwnGroups",
            actions=[
                "autoscaling:SetDesiredCapacity",
                "autoscaling:TerminateInstanceInAutoScalingGroup",
            ],
            resources=[ctx.arn("autoscaling", "autoScalingGroup:*:autoScalingGroupName/*")],
            conditions={
                "StringEquals": {f"aws:ResourceTag/k8s.io/cluster-autoscaler/{name}": "owned"}
            },
        ),
    ]


class ClusterAutoscaler:
    name: ClassVar[str] = "cluster-autoscaler"
    footprint: ClassVar[footprints.FootprintOf] = staticmethod(footprints.cluster_autoscaler)
    after: ClassVar[tuple[str, ...]] = ()

    def enabled(self, spec: PlatformSpec) -> bool:
        return spec.cluster.node_autoscaler == "cluster-autoscaler"

    def release(self, ctx: AddonContext) -> HelmRelease:
        return HelmRelease(
            release="cluster-autoscaler",
            chart="cluster-autoscaler",
            repository=REPOSITORY,
            version=ctx.version("cluster-autoscaler", CHART_VERSION),
            namespace=NAMESPACE,
            values={
                "cloudProvider": "aws",
                "awsRegion": ctx.spec.region,
                "autoDiscovery": {
                    "clusterName": ctx.spec.cluster.name,
                    "tags": auto_discovery_tags(ctx.spec.cluster.name),
                },
                "image": {
                    "repository": IMAGE,
                    "tag": image_tag(ctx.spec.cluster.kubernetes_version),
                },
                "rbac": {"serviceAccount": {"create": True, "name": SERVICE_ACCOUNT}},
                "extraArgs": dict(SEED_FLAGS),
                "replicaCount": footprints.CLUSTER_AUTOSCALER.replicas,
                "resources": {"requests": footprints.CLUSTER_AUTOSCALER.requests()},
            },
        )

    def install(self, ctx: AddonContext) -> list[Construct]:
        identity = ctx.pod_identity(
            "Identity",
            namespace=NAMESPACE,
            service_account=SERVICE_ACCOUNT,
            statements=statements(ctx),
            wildcard_reason=(
                "Auto Scaling and EC2 Describe APIs have no resource-level permissions; scaling "
                "actions apply to any group name but only with this cluster's owned tag."
            ),
        )
        chart = ctx.helm(self.release(ctx))
        chart.node.add_dependency(identity)
        return [chart]
