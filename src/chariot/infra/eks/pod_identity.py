"""Workload IAM through EKS Pod Identity: one role per service account, trusted by the agent.

Pod Identity needs no OIDC provider (IRSA's is a custom resource in CDK) and its trust policy
names no cluster-specific issuer, so a role survives a cluster replacement.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Aws
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_iam as iam
from constructs import Construct

POD_IDENTITY_SERVICE = "pods.eks.amazonaws.com"


class PodIdentity(Construct):
    """A role for `namespace/service_account` and its `AWS::EKS::PodIdentityAssociation`.

    Permissions live in a customer-managed policy (never inline), so they are reviewable on
    their own and NIST's no-inline-policy rule holds.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        cluster: eks.Cluster,
        namespace: str,
        service_account: str,
        statements: Sequence[iam.PolicyStatement] = (),
        managed_policies: Sequence[str] = (),
        associate: bool = True,
    ) -> None:
        super().__init__(scope, id)
        self.namespace = namespace
        self.service_account = service_account
        principal = iam.SessionTagsPrincipal(iam.ServicePrincipal(POD_IDENTITY_SERVICE))
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=principal.with_conditions(
                {"StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID}}
            ),
            description=f"EKS Pod Identity for {namespace}/{service_account}",
            managed_policies=[
                iam.ManagedPolicy.from_aws_managed_policy_name(name) for name in managed_policies
            ],
        )
        self.policy: iam.ManagedPolicy | None = None
        if statements:
            self.policy = iam.ManagedPolicy(
                self,
                "Policy",
                description=f"What {namespace}/{service_account} may do, and nothing else",
                statements=list(statements),
                roles=[self.role],
            )
        self.association: eks.CfnPodIdentityAssociation | None = None
        if associate:
            self.association = eks.CfnPodIdentityAssociation(
                self,
                "Association",
                cluster_name=cluster.cluster_name,
                namespace=namespace,
                service_account=service_account,
                role_arn=self.role.role_arn,
            )
