"""The services' Pod Identity in the DR cluster (pilot_light, warm_standby): for each service
the same least-privilege role as in the platform region (chariot.infra.eks.service_identity),
granted the DR replica of its global table (same name, this region), the table replica key and
the graph's secondary cluster, and associated with `<namespace>/<service>` of the DR cluster.

The DR manifests (`dist/<env>/k8s-<dr_region>/`) render the same ServiceAccounts, so a pod
started there reads and writes its table's replica in its own region. Grouped like the service
stacks (`dr-services-<n>`, chariot.spec.service_stacks) so hundreds of services stay under
CloudFormation's limits. The cache is not granted: the DR region has none before a failover
makes one (the services fail open to the tables, runtime/kit/cache.py).
"""

from __future__ import annotations

from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_eks_v2 as eks
from constructs import Construct

from chariot.infra.data.identities import service_identity
from chariot.infra.eks.service_identity import DataTier, ServiceIdentity
from chariot.infra.shared import Shared
from chariot.infra.stacks.base import PlatformStack, tag_service
from chariot.infra.stacks.dr import DrStack
from chariot.infra.stacks.dr_data import DrDataStack
from chariot.spec.dr_strategies import replicates_data
from chariot.spec.model import PlatformSpec, Service
from chariot.spec.platform_names import camel, table_name
from chariot.spec.service_stacks import service_stack_part, service_stacks


class DrServiceStack(PlatformStack):
    part = "dr-services"

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
            f"Chariot DR services ({spec.dr.dr_region}), stack {number} of "
            f"{spec.stacks.service_stacks}: Pod Identity roles in the DR cluster",
            region=spec.dr.dr_region,
            part=f"dr-{service_stack_part(number)}",
        )
        dr = shared.get("dr-stack", DrStack)
        if dr.table_replica_key is None:  # pragma: no cover - replicates_data makes it
            raise ValueError("the DR stack has no table replica key")
        # The global tables (and so their replicas here) are made by the service stacks.
        for stack in shared.get("service-stacks", list):
            self.add_stack_dependency(stack)
        graph = shared.get("dr-data-stack", DrDataStack) if "dr-data-stack" in shared else None
        if graph is not None:
            # The graph's resource id is an import by export name, which adds no dependency.
            self.add_stack_dependency(graph)
        tier = DataTier(
            table_key=dr.table_replica_key,
            graph_resource_id=graph.graph_resource_id if graph else None,
            cache_group_id=None,
            cache_user_arn=None,
        )
        cluster = shared.get("dr-shared", Shared).get("cluster", eks.Cluster)
        self.identities: dict[str, ServiceIdentity] = {}
        for service in services:
            table = None
            if service.data.table is not None:
                table = dynamodb.Table.from_table_name(
                    self,
                    f"Table{camel(service.name)}",
                    table_name(service.data.table.name, spec.environment),
                )
            identity = service_identity(self, service, cluster, table, tier)
            tag_service(identity, service)
            self.identities[service.name] = identity


def build_dr_service_stacks(
    scope: Construct, spec: PlatformSpec, shared: Shared
) -> list[DrServiceStack]:
    """One DR stack per service-stack number in use, for pilot_light and warm_standby."""
    if not replicates_data(spec):
        return []
    return [
        DrServiceStack(scope, spec, shared, number, services)
        for number, services in service_stacks(spec).items()
    ]
