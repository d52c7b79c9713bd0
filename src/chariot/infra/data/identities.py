"""A service's Pod Identity role, for the ServiceAccount the manifests render
(`<namespace>/<service>`), granted only its own data (chariot.infra.eks.service_identity)."""

from __future__ import annotations

from aws_cdk import CfnOutput
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_eks_v2 as eks
from constructs import Construct

from chariot.infra.eks.service_identity import DataTier, ServiceIdentity
from chariot.spec.model import Service
from chariot.spec.platform_names import camel


def service_identity(
    scope: Construct,
    service: Service,
    cluster: eks.Cluster,
    table: dynamodb.ITable | None,
    tier: DataTier,
) -> ServiceIdentity:
    """`Identity<Service>` in `scope` and the `ServiceRole<Service>Arn` output."""
    identity = ServiceIdentity(
        scope,
        f"Identity{camel(service.name)}",
        cluster=cluster,
        service=service,
        table=table,
        tier=tier,
    )
    CfnOutput(
        scope,
        f"ServiceRole{camel(service.name)}Arn",
        value=identity.role.role_arn,
        description=f"Pod Identity role of {service.namespace}/{service.name}",
    )
    return identity
