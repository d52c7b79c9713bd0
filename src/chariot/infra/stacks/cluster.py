"""The EKS cluster: control plane, access, encryption, EKS add-ons and the compute behind it.

Uses `aws_eks_v2` (native `AWS::EKS::Cluster`, access entries, no aws-auth ConfigMap). What runs
on the cluster through Helm (platform add-ons) lives in the add-ons stack, which uses the
cluster and the kubectl provider this stack registers.
"""

from __future__ import annotations

from typing import cast

from aws_cdk import CfnOutput, RemovalPolicy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.eks.eni_configs import eni_configs
from chariot.infra.eks.fargate import FargateProfiles
from chariot.infra.eks.kubectl import kubectl_layer
from chariot.infra.eks.managed_addons import VPC_CNI, ManagedAddons
from chariot.infra.eks.nag import generated_iam_findings, managed_policy_findings
from chariot.infra.eks.node_groups import NodeGroups, node_role
from chariot.infra.eks.port_forwarding import PortForwarding
from chariot.infra.eks.scheduled_scaling import ScheduledNodeScaling
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


def autoscaler_tags(cluster_name: str) -> dict[str, str]:
    """The tags cluster-autoscaler discovers a node group's Auto Scaling group by."""
    return {
        "k8s.io/cluster-autoscaler/enabled": "true",
        f"k8s.io/cluster-autoscaler/{cluster_name}": "owned",
    }


def endpoint_access(cluster: Cluster) -> eks.EndpointAccess:
    """Private always; public only with the spec's allow list (the spec refuses an open one)."""
    if not cluster.endpoint.public:
        return eks.EndpointAccess.PRIVATE
    return eks.EndpointAccess.PUBLIC_AND_PRIVATE.only_from(*cluster.endpoint.public_cidrs)


KUBECTL_PROVIDER_REASONS = {
    "AwsSolutions-IAM4": (
        "CDK-internal kubectl/helm provider: AWS Lambda basic and VPC execution roles and ECR "
        "read-only are the policies CDK attaches to run the handler inside the VPC."
    ),
    "AwsSolutions-IAM5": (
        "CDK-internal provider framework: it may invoke any version of its own handler function "
        "(<handler arn>:*), nothing else."
    ),
    "AwsSolutions-L1": (
        "CDK-internal kubectl handler: CDK pins its Python runtime to what the kubectl layer is "
        "built for; it is upgraded with aws-cdk-lib."
    ),
    "NIST.800.53.R5-IAMNoInlinePolicy": (
        "CDK-internal provider roles: their inline policies are generated for, and live and die "
        "with, the kubectl provider functions."
    ),
    "NIST.800.53.R5-LambdaConcurrency": (
        "CDK-internal provider: it runs only during CloudFormation deployments, one custom "
        "resource at a time; a reserved concurrency would only cap deploys."
    ),
    "NIST.800.53.R5-LambdaDLQ": (
        "CDK-internal provider: invoked synchronously by the custom resource framework, which "
        "reports failures to CloudFormation; an asynchronous DLQ would never receive events."
    ),
}


def acknowledge_kubectl_provider(cluster: eks.Cluster) -> None:
    """Reasoned acknowledgements for the CDK-generated kubectl provider (not our code)."""
    provider = cluster.node.try_find_child("KubectlProvider")
    if provider is not None:
        granular = generated_iam_findings(
            provider,
            KUBECTL_PROVIDER_REASONS["AwsSolutions-IAM4"],
            KUBECTL_PROVIDER_REASONS["AwsSolutions-IAM5"],
        )
        acknowledge(provider, {**KUBECTL_PROVIDER_REASONS, **granular})


class ClusterStack(PlatformStack):
    part = "cluster"

    def __init__(self, scope: Construct, spec: PlatformSpec, shared: Shared) -> None:
        super().__init__(scope, spec, "Chariot EKS cluster: control plane, access, compute")
        vpc = shared.get("vpc", ec2.Vpc)
        removal = RemovalPolicy.RETAIN if spec.deletion_protection else RemovalPolicy.DESTROY
        private = ec2.SubnetSelection(subnet_group_name="private")

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

        # The kubectl Lambda reaches the private endpoint from the private subnets; it needs
        # HTTPS out (API server, STS, chart repositories through NAT) and nothing in.
        self.kubectl_security_group = ec2.SecurityGroup(
            self,
            "KubectlSecurityGroup",
            vpc=vpc,
            description="kubectl/helm provider Lambda: HTTPS out only",
            allow_all_outbound=False,
        )
        self.kubectl_security_group.add_egress_rule(
            ec2.Peer.any_ipv4(), ec2.Port.tcp(443), "API server, AWS APIs, chart repositories"
        )

        self.cluster = eks.Cluster(
            self,
            "Cluster",
            cluster_name=spec.cluster.name,
            version=eks.KubernetesVersion.of(spec.cluster.kubernetes_version),
            vpc=vpc,
            vpc_subnets=[private],
            endpoint_access=endpoint_access(spec.cluster),
            cluster_logging=[LOG_TYPES[t] for t in spec.cluster.logging],
            secrets_encryption_key=self.secrets_key,
            role=self.role,
            default_capacity=0,
            default_capacity_type=eks.DefaultCapacityType.NODEGROUP,
            bootstrap_cluster_creator_admin_permissions=True,
            removal_policy=removal,
            output_config_command=False,
            kubectl_provider_options=eks.KubectlProviderOptions(
                kubectl_layer=kubectl_layer(self, "KubectlLayer", spec.cluster.kubernetes_version),
                private_subnets=vpc.select_subnets(subnet_group_name="private").subnets,
                security_groups=[self.kubectl_security_group],
            ),
        )
        acknowledge_kubectl_provider(self.cluster)
        self.cluster.connections.allow_from(
            self.kubectl_security_group, ec2.Port.tcp(443), "kubectl provider to the API server"
        )

        # People and pipelines get in through access entries (authentication mode API); the
        # identity that deploys the stack keeps the admin entry EKS bootstraps for it
        # (https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html). The spec rule
        # cluster-reachable refuses a private-only endpoint without admins or a way in.
        if spec.cluster.endpoint.ssm_port_forwarding:
            PortForwarding(self, "PortForwarding", cluster_name=spec.cluster.name)
        for index, arn in enumerate(spec.cluster.admins):
            eks.AccessEntry(
                self,
                f"AdminAccess{index}",
                cluster=cast("eks.ICluster", self.cluster),
                principal=arn,
                access_policies=[
                    eks.AccessPolicy.from_access_policy_name(
                        "AmazonEKSClusterAdminPolicy",
                        access_scope_type=eks.AccessScopeType.CLUSTER,
                    )
                ],
            )

        self.addons = ManagedAddons(
            self,
            "Addons",
            cluster=self.cluster,
            addons=spec.cluster.addons,
            kubernetes_version=spec.cluster.kubernetes_version,
        )

        self.node_role = node_role(self, "NodeRole")
        # One owner per pool: Karpenter's pools get no node group; cluster-autoscaler may
        # resize only the groups of autoscaled pools (the others are fixed or on a schedule).
        self.node_groups = NodeGroups(
            self,
            "NodeGroups",
            cluster=self.cluster,
            pools=spec.cluster.node_group_pools,
            role=self.node_role,
            tags={
                pool.name: autoscaler_tags(spec.cluster.name)
                for pool in spec.cluster.node_pools
                if pool.autoscaled and spec.cluster.node_autoscaler == "cluster-autoscaler"
            },
        )
        # Custom networking: each zone's ENIConfig exists before a node can join.
        pod_subnets = shared.get("pod-subnets", list)
        eni = None
        if pod_subnets:
            eni = eks.KubernetesManifest(
                self,
                "EniConfigs",
                cluster=cast("eks.ICluster", self.cluster),
                manifest=eni_configs(
                    spec.availability_zones,
                    [s.attr_subnet_id for s in pod_subnets],
                    [self.cluster.cluster_security_group_id],
                ),
                overwrite=True,
            )
            eni.node.add_dependency(self.addons.by_name[VPC_CNI])
        for group in self.node_groups.groups.values():
            if eni is not None:
                group.node.add_dependency(eni)
            for addon in self.addons.early:
                group.node.add_dependency(addon)
            for addon in self.addons.late:
                addon.node.add_dependency(group)

        self.fargate = FargateProfiles(
            self,
            "Fargate",
            cluster=self.cluster,
            vpc=vpc,
            profiles=spec.cluster.fargate_profiles,
        )

        scaling = spec.cost.scheduled_scaling
        if scaling.enabled and scaling.node_pool is not None:
            ScheduledNodeScaling(
                self,
                "ScheduledScaling",
                cluster=self.cluster,
                nodegroup=self.node_groups.groups[scaling.node_pool],
                nodegroup_name=scaling.node_pool,
                schedule=scaling,
            )

        # IRSA only for what runs on Fargate (no Pod Identity agent there); native provider.
        if spec.cluster.fargate_profiles:
            self.oidc_provider = eks.OidcProviderNative(
                self, "OidcProvider", url=self.cluster.cluster_open_id_connect_issuer_url
            )
            shared.register("cluster-oidc-provider", self.oidc_provider)

        shared.register("cluster", self.cluster)
        shared.register("cluster-security-group", self.cluster.cluster_security_group)
        # The manifests' SecurityGroupPolicies list it beside each pod security group: pods
        # that get only their own group lose DNS and the mesh (istiod, the other sidecars).
        CfnOutput(
            self,
            "ClusterSecurityGroupId",
            value=self.cluster.cluster_security_group_id,
            description="EKS cluster security group, for SecurityGroupPolicy groupIds",
        )
        shared.register("node-role", self.node_role)
