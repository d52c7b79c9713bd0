"""EKS managed add-ons from the spec, with Pod Identity for the ones that call AWS APIs.

vpc-cni gets its own role (AmazonEKS_CNI_Policy) instead of borrowing the node role, and the CSI
drivers get theirs; the node role then carries no networking or storage permissions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from aws_cdk import aws_eks_v2 as eks
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.eks.nag import managed_policy_findings
from chariot.infra.eks.pod_identity import PodIdentity
from chariot.spec.addon_versions import addon_version
from chariot.spec.model import EksAddon

POD_IDENTITY_AGENT = "eks-pod-identity-agent"
VPC_CNI = "vpc-cni"
CLOUDWATCH_OBSERVABILITY = "amazon-cloudwatch-observability"


@dataclass(frozen=True)
class AddonIdentity:
    """The service account an add-on runs its AWS calls as, and the AWS policy EKS documents."""

    service_account: str
    managed_policy: str
    namespace: str = "kube-system"


IDENTITIES: dict[str, AddonIdentity] = {
    VPC_CNI: AddonIdentity("aws-node", "AmazonEKS_CNI_Policy"),
    "aws-ebs-csi-driver": AddonIdentity("ebs-csi-controller-sa", "AmazonEBSCSIDriverPolicy"),
    "aws-efs-csi-driver": AddonIdentity("efs-csi-controller-sa", "AmazonEFSCSIDriverPolicy"),
    # Container Insights: the CloudWatch agent publishes the node metrics the cluster alarms read.
    # https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-setup-EKS-addon.html
    # `{"containerLogs": {"enabled": false}}` opts out of its Fluent Bit (same page, "Opt out of
    # container logs"; read 2026-12-01): the environments use it, see docs/cluster.md.
    CLOUDWATCH_OBSERVABILITY: AddonIdentity(
        "cloudwatch-agent", "CloudWatchAgentServerPolicy", namespace="amazon-cloudwatch"
    ),
}

# Installed before any node joins (networking, credentials); the rest need running nodes.
BEFORE_NODES = frozenset({VPC_CNI, "kube-proxy", POD_IDENTITY_AGENT})


def with_pod_identity_agent(addons: list[EksAddon]) -> list[EksAddon]:
    """The spec's add-ons with the Pod Identity agent first (added when the spec leaves it out):
    every workload role of the platform relies on it."""
    agent = [a for a in addons if a.name == POD_IDENTITY_AGENT] or [
        EksAddon(name=POD_IDENTITY_AGENT)
    ]
    return [*agent, *(a for a in addons if a.name != POD_IDENTITY_AGENT)]


class ManagedAddons(Construct):
    """One `AWS::EKS::Addon` per spec entry; `early` and `late` split them around node groups."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        cluster: eks.Cluster,
        addons: list[EksAddon],
        kubernetes_version: str,
    ):
        super().__init__(scope, id)
        self.early: list[eks.CfnAddon] = []
        self.late: list[eks.CfnAddon] = []
        self.by_name: dict[str, eks.CfnAddon] = {}
        agent: eks.CfnAddon | None = None
        for addon in with_pod_identity_agent(addons):
            associations = []
            identity = IDENTITIES.get(addon.name)
            if identity is not None:
                pod_identity = PodIdentity(
                    self,
                    f"{addon.name}-identity",
                    cluster=cluster,
                    namespace=identity.namespace,
                    service_account=identity.service_account,
                    managed_policies=[identity.managed_policy],
                    associate=False,
                )
                acknowledge(
                    pod_identity.role,
                    managed_policy_findings(
                        [identity.managed_policy],
                        f"The AWS-maintained policy EKS documents for the {addon.name} add-on; "
                        "it is bound to that add-on's service account only (Pod Identity).",
                    ),
                )
                associations.append(
                    eks.CfnAddon.PodIdentityAssociationProperty(
                        role_arn=pod_identity.role.role_arn,
                        service_account=identity.service_account,
                    )
                )
            resource = eks.CfnAddon(
                self,
                addon.name,
                addon_name=addon.name,
                cluster_name=cluster.cluster_name,
                addon_version=addon_version(addon, kubernetes_version),
                configuration_values=(
                    json.dumps(addon.configuration, sort_keys=True) if addon.configuration else None
                ),
                resolve_conflicts="OVERWRITE",
                pod_identity_associations=associations or None,
            )
            if addon.name == POD_IDENTITY_AGENT:
                agent = resource
            elif agent is not None and associations:
                resource.node.add_dependency(agent)
            (self.early if addon.name in BEFORE_NODES else self.late).append(resource)
            self.by_name[addon.name] = resource
