"""The service stacks: each service's own resources (its DynamoDB table with its autoscaling,
its Pod Identity role, policy and association, its ECR repository, its dashboard) in the stack
`<name>-<env>-services-<n>` that chariot.spec.service_stacks assigns from its name.

Keeping them out of the data stack lets a catalog of hundreds of services stay under
CloudFormation's 500 resources per stack; the stable assignment means adding a service never
moves (replaces) another one's table. The construct ids are those the data stack used, so a
resource keeps its logical id in its new stack (docs/infrastructure.md, "Service stacks", says
how to move an existing deployment). The stacks reference the shared keys, the cluster and the
graph and cache ids: one export each, whatever the number of services.
"""

from __future__ import annotations

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_eks_v2 as eks
from aws_cdk import aws_kms as kms
from constructs import Construct

from chariot.infra.constructs.service_dashboard import ServiceDashboard
from chariot.infra.constructs.service_repository import ServiceRepository
from chariot.infra.data.identities import service_identity
from chariot.infra.data.tables import service_table
from chariot.infra.eks.service_identity import DataTier, ServiceIdentity
from chariot.infra.shared import Shared
from chariot.infra.stacks.base import PlatformStack, tag_service
from chariot.spec.edge_routes import routed_services
from chariot.spec.model import PlatformSpec, Service
from chariot.spec.platform_names import camel
from chariot.spec.service_stacks import service_stack_part, service_stacks


class ServiceStack(PlatformStack):
    part = "services"

    def __init__(
        self,
        scope: Construct,
        spec: PlatformSpec,
        shared: Shared,
        number: int,
        services: list[Service],
    ) -> None:
        super().__init__(
            scope,
            spec,
            f"Chariot services, stack {number} of {spec.stacks.service_stacks}: tables, "
            "Pod Identity roles, image repositories, dashboards",
            part=service_stack_part(number),
        )
        self.add_stack_dependency(shared.get("data-stack", Stack))
        # Global tables name the DR stack's replica key (by alias): it must exist first.
        self.add_stack_dependency(shared.get("dr-stack", Stack))
        removal = RemovalPolicy.RETAIN if spec.deletion_protection else RemovalPolicy.DESTROY
        table_key = shared.get("key:tables", kms.Key)
        tier = shared.get("data-tier", DataTier)
        cluster = shared.get("cluster", eks.Cluster)
        images_key = shared.get("key:images", kms.Key)
        self.tables: dict[str, dynamodb.ITable] = {
            service.name: service_table(self, spec, service.data.table, table_key, removal)
            for service in services
            if service.data.table is not None
        }
        self.identities: dict[str, ServiceIdentity] = {
            service.name: service_identity(
                self, service, cluster, self.tables.get(service.name), tier
            )
            for service in services
        }
        self.repositories = {
            service.name: ServiceRepository(
                self, f"Images{camel(service.name)}", spec=spec, service=service, key=images_key
            )
            for service in services
        }
        routed = {service.name for service in routed_services(spec)}
        self.dashboards = {
            service.name: ServiceDashboard(
                self,
                f"Dashboard{camel(service.name)}",
                spec=spec,
                service=service,
                routed=service.name in routed,
            )
            for service in services
        }
        # Each service's table (with its scaling), role, association, repository and dashboard
        # are its own: they carry its name and team for cost allocation.
        for service in services:
            for construct in (
                self.tables.get(service.name),
                self.identities[service.name],
                self.repositories[service.name],
                self.dashboards[service.name],
            ):
                if construct is not None:
                    tag_service(construct, service)


def build_service_stacks(
    scope: Construct, spec: PlatformSpec, shared: Shared
) -> list[ServiceStack]:
    """One stack per service-stack number that holds a service."""
    stacks = [
        ServiceStack(scope, spec, shared, number, services)
        for number, services in service_stacks(spec).items()
    ]
    shared.register("service-stacks", stacks)
    return stacks
