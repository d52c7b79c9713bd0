"""Fargate profiles from the spec, for workloads outside the mesh only.

The spec validator already refuses a profile that selects a meshed namespace (Istio cannot
inject into Fargate pods). EKS creates one Fargate profile at a time, so each profile waits
for the one before it.
"""

from __future__ import annotations

from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_iam as iam
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.eks.nag import managed_policy_findings
from chariot.spec.model import FargateProfile

POD_EXECUTION_POLICY = "AmazonEKSFargatePodExecutionRolePolicy"


class FargateProfiles(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        cluster: eks.Cluster,
        vpc: ec2.IVpc,
        profiles: list[FargateProfile],
    ) -> None:
        super().__init__(scope, id)
        self.profiles: dict[str, eks.FargateProfile] = {}
        if not profiles:
            return
        self.role = iam.Role(
            self,
            "PodExecutionRole",
            assumed_by=iam.ServicePrincipal("eks-fargate-pods.amazonaws.com"),
            description="Fargate pod execution: register the pod as a node and pull its image",
            managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name(POD_EXECUTION_POLICY)],
        )
        acknowledge(
            self.role,
            managed_policy_findings(
                [POD_EXECUTION_POLICY],
                "The AWS-maintained pod execution policy EKS documents for Fargate (ECR pull, "
                "node registration); pods get their own permissions through Pod Identity.",
            ),
        )
        previous: eks.FargateProfile | None = None
        for profile in profiles:
            created = eks.FargateProfile(
                self,
                profile.name,
                cluster=cluster,
                fargate_profile_name=profile.name,
                pod_execution_role=self.role,
                vpc=vpc,
                subnet_selection=ec2.SubnetSelection(subnet_group_name="private"),
                selectors=[
                    eks.Selector(namespace=s.namespace, labels=dict(s.labels) or None)
                    for s in profile.selectors
                ],
            )
            if previous is not None:
                created.node.add_dependency(previous)
            previous = created
            self.profiles[profile.name] = created
