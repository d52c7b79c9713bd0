"""Managed node groups from the spec: IMDSv2 only, encrypted gp3 root volumes, SSM instead of SSH.

Every node (managed groups and Karpenter's) uses one node role; the nodes join with the EKS
cluster security group, which is what the data tier admits.
"""

from __future__ import annotations

from typing import cast

from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_iam as iam
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.eks.nag import managed_policy_findings
from chariot.spec.model import NodePool, TaintEffect, is_graviton

# Worker node: join and run pods, pull images, and Session Manager (no SSH keys anywhere).
NODE_ROLE_POLICIES = (
    "AmazonEKSWorkerNodePolicy",
    "AmazonEC2ContainerRegistryPullOnly",
    "AmazonSSMManagedInstanceCore",
)
TAINT_EFFECTS = {
    TaintEffect.NO_SCHEDULE: eks.TaintEffect.NO_SCHEDULE,
    TaintEffect.PREFER_NO_SCHEDULE: eks.TaintEffect.PREFER_NO_SCHEDULE,
    TaintEffect.NO_EXECUTE: eks.TaintEffect.NO_EXECUTE,
}
ROOT_DEVICE = "/dev/xvda"


def ami_type(pool: NodePool) -> eks.NodegroupAmiType:
    """Amazon Linux 2023 (AL2 has no AMIs past Kubernetes 1.32), for the pool's architecture."""
    arm = [is_graviton(t) for t in pool.instance_types]
    if all(arm):
        return eks.NodegroupAmiType.AL2023_ARM_64_STANDARD
    if any(arm):
        raise ValueError(
            f"node pool {pool.name!r} mixes Graviton and x86 instance types; a managed node "
            "group runs one AMI architecture"
        )
    return eks.NodegroupAmiType.AL2023_X86_64_STANDARD


def node_role(scope: Construct, id: str) -> iam.Role:
    role = iam.Role(
        scope,
        id,
        assumed_by=iam.ServicePrincipal("ec2.amazonaws.com"),
        description="EKS worker nodes (managed node groups and Karpenter): join, pull, SSM",
        managed_policies=[
            iam.ManagedPolicy.from_aws_managed_policy_name(name) for name in NODE_ROLE_POLICIES
        ],
    )
    acknowledge(
        role,
        managed_policy_findings(
            NODE_ROLE_POLICIES,
            "AWS-maintained node policies EKS documents (kubelet join, ECR pull, SSM Session "
            "Manager in place of SSH); pod networking runs under vpc-cni's own Pod Identity.",
        ),
    )
    return role


def launch_template(scope: Construct, id: str, pool: NodePool) -> ec2.LaunchTemplate:
    """IMDSv2 with a hop limit of 1 (pods cannot borrow node credentials) and an encrypted gp3
    root volume of the spec's size; no key pair and no security groups (EKS adds the cluster's)."""
    return ec2.LaunchTemplate(
        scope,
        id,
        require_imdsv2=True,
        http_put_response_hop_limit=1,
        http_tokens=ec2.LaunchTemplateHttpTokens.REQUIRED,
        block_devices=[
            ec2.BlockDevice(
                device_name=ROOT_DEVICE,
                volume=ec2.BlockDeviceVolume.ebs(
                    pool.disk_size_gib,
                    volume_type=ec2.EbsDeviceVolumeType.GP3,
                    encrypted=True,
                    delete_on_termination=True,
                ),
            )
        ],
        detailed_monitoring=True,
    )


class NodeGroups(Construct):
    """One managed node group per given pool, all with `role`; `tags` by pool name."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        cluster: eks.Cluster,
        pools: list[NodePool],
        role: iam.IRole,
        tags: dict[str, dict[str, str]],
    ) -> None:
        super().__init__(scope, id)
        self.groups: dict[str, eks.Nodegroup] = {}
        for pool in pools:
            template = launch_template(self, f"{pool.name}-launch-template", pool)
            self.groups[pool.name] = eks.Nodegroup(
                self,
                pool.name,
                # jsii's ICluster protocol lists a member the concrete Cluster stub lacks.
                cluster=cast("eks.ICluster", cluster),
                nodegroup_name=pool.name,
                node_role=role,
                ami_type=ami_type(pool),
                instance_types=[ec2.InstanceType(t) for t in pool.instance_types],
                capacity_type=eks.CapacityType(pool.capacity_type),
                min_size=pool.min_size,
                max_size=pool.max_size,
                desired_size=pool.desired_size,
                labels=dict(pool.labels),
                taints=[
                    eks.TaintSpec(key=t.key, value=t.value, effect=TAINT_EFFECTS[t.effect])
                    for t in pool.taints
                ],
                launch_template_spec=eks.LaunchTemplateSpec(
                    id=template.launch_template_id or "",
                    version=template.latest_version_number,
                ),
                subnets=ec2.SubnetSelection(subnet_group_name="private"),
                tags=tags.get(pool.name, {}),
            )
