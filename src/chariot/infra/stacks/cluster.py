"""The EKS cluster: control plane in the private subnets, encrypted secrets, full audit logging.

Uses `aws_eks_v2` (native `AWS::EKS::Cluster`, access entries, no aws-auth ConfigMap). Compute,
EKS add-ons and platform add-ons attach to the cluster this stack registers as "cluster".
"""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.shared import Shared
from chariot.infra.stacks.base import PlatformStack
from chariot.spec.model import Cluster, LogType, PlatformSpec

LOG_TYPES = {
    LogType.API: eks.ClusterLoggingTypes.API,
    LogType.AUDIT: eks.ClusterLoggingTypes.AUDIT,
    LogType.AUTHENTICATOR: eks.ClusterLoggingTypes.AUTHENTICATOR,
    LogType.CONTROLLER_MANAGER: eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
    LogType.SCHEDULER: eks.ClusterLoggingTypes.SCHEDULER,
}

# The managed policies EKS needs on the cluster role: the control plane itself, and the VPC
# resource controller that hands out branch ENIs for security groups per pod (ENABLE_POD_ENI).
CLUSTER_ROLE_POLICIES = ("AmazonEKSClusterPolicy", "AmazonEKSVPCResourceController")


def managed_policy_findings(policies: tuple[str, ...], reason: str) -> dict[str, str]:
    """cdk-nag's granular IAM4 finding ids for AWS managed `policies`, each with `reason`."""
    return {
        f"AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/{name}]": reason
        for name in policies
    }


def endpoint_access(cluster: Cluster) -> eks.EndpointAccess:
    """Private always; public only with the spec's allow list (the spec refuses an open one)."""
    if not cluster.endpoint.public:
        return eks.EndpointAccess.PRIVATE
    return eks.EndpointAccess.PUBLIC_AND_PRIVATE.only_from(*cluster.endpoint.public_cidrs)


class ClusterStack(PlatformStack):
    part = "cluster"

    def __init__(self, scope: Construct, spec: PlatformSpec, shared: Shared) -> None:
        super().__init__(scope, spec, "Chariot EKS cluster: control plane, access, encryption")
        vpc = shared.get("vpc", ec2.Vpc)
        removal = RemovalPolicy.RETAIN if spec.deletion_protection else RemovalPolicy.DESTROY

        self.secrets_key = kms.Key(
            self,
            "SecretsKey",
            alias=f"alias/{spec.name}-{spec.environment}-eks-secrets",
            description="Envelope encryption of Kubernetes secrets in the EKS cluster",
            enable_key_rotation=True,
            removal_policy=removal,
        )
        self.role = iam.Role(
            self,
            "ClusterRole",
            assumed_by=iam.ServicePrincipal("eks.amazonaws.com"),
            description="EKS control plane, including the VPC resource controller for pod ENIs",
            managed_policies=[
                iam.ManagedPolicy.from_aws_managed_policy_name(name)
                for name in CLUSTER_ROLE_POLICIES
            ],
        )
        acknowledge(
            self.role,
            managed_policy_findings(
                CLUSTER_ROLE_POLICIES,
                "AWS-maintained policy that EKS documents for the cluster role (control plane and "
                "VPC resource controller for pod ENIs); it follows new EKS features.",
            ),
        )

        self.cluster = eks.Cluster(
            self,
            "Cluster",
            cluster_name=spec.cluster.name,
            version=eks.KubernetesVersion.of(spec.cluster.kubernetes_version),
            vpc=vpc,
            vpc_subnets=[ec2.SubnetSelection(subnet_group_name="private")],
            endpoint_access=endpoint_access(spec.cluster),
            cluster_logging=[LOG_TYPES[t] for t in spec.cluster.logging],
            secrets_encryption_key=self.secrets_key,
            role=self.role,
            default_capacity=0,
            default_capacity_type=eks.DefaultCapacityType.NODEGROUP,
            bootstrap_cluster_creator_admin_permissions=True,
            removal_policy=removal,
            output_config_command=False,
        )

        shared.register("cluster", self.cluster)
        shared.register("cluster-security-group", self.cluster.cluster_security_group)
