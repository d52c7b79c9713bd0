"""IAM roles for service accounts (IRSA), for pods on Fargate.

EKS Pod Identity needs its node agent (a DaemonSet), which Fargate cannot run; a controller that
the spec places on Fargate (Karpenter) therefore assumes its role through the cluster's OIDC
provider instead. The trust is bound to exactly one namespace/service account and to STS.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import CfnJson
from aws_cdk import aws_iam as iam
from constructs import Construct

ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn"


class IrsaRole(Construct):
    """A role `namespace/service_account` assumes with its projected web identity token."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        provider: iam.IOidcProvider,
        namespace: str,
        service_account: str,
        statements: Sequence[iam.PolicyStatement],
    ) -> None:
        super().__init__(scope, id)
        self.namespace = namespace
        self.service_account = service_account
        issuer = provider.oidc_provider_issuer
        # The issuer is only known at deploy time and is part of the condition *keys*.
        conditions = CfnJson(
            self,
            "Conditions",
            value={
                f"{issuer}:sub": f"system:serviceaccount:{namespace}:{service_account}",
                f"{issuer}:aud": "sts.amazonaws.com",
            },
        )
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.OpenIdConnectPrincipal(provider, {"StringEquals": conditions}),
            description=f"IRSA (Fargate) for {namespace}/{service_account}",
        )
        self.policy = iam.ManagedPolicy(
            self,
            "Policy",
            description=f"What {namespace}/{service_account} may do, and nothing else",
            statements=list(statements),
            roles=[self.role],
        )

    @property
    def annotations(self) -> dict[str, str]:
        """The service account annotation that makes the EKS webhook inject the role."""
        return {ROLE_ARN_ANNOTATION: self.role.role_arn}
