"""The data that stands in the DR region when the strategy replicates it (pilot_light,
warm_standby): the graph's secondary cluster of the Neptune global database, in the database
subnets of the DR region's network (stacks/dr_compute.py, beside the DR cluster). The DR
cluster and the DR pods' security groups reach it; it refuses writes until the failover
promotes it.

A stack of its own, deployed after the data stack: the secondary joins the global database
that the data stack creates from the primary cluster (infra/data/graph.py). The global tables
need nothing here but their replica key, which the DR stack holds (they are created first).
"""

from __future__ import annotations

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_ec2 as ec2
from constructs import Construct

from chariot.infra.constructs.domain_key import domain_key
from chariot.infra.constructs.logs_key import logs_key
from chariot.infra.data.graph import graph_secondary
from chariot.infra.data.placement import StorePlacement
from chariot.infra.data.security_groups import data_security_groups
from chariot.infra.names import prefix
from chariot.infra.shared import Shared
from chariot.infra.stacks.base import PlatformStack
from chariot.spec.dr_region import dr_view
from chariot.spec.dr_strategies import replicates_data
from chariot.spec.model import PlatformSpec


class DrDataStack(PlatformStack):
    part = "dr-data"

    def __init__(self, scope: Construct, spec: PlatformSpec, shared: Shared) -> None:
        dr = spec.dr
        super().__init__(
            scope,
            spec,
            f"Chariot DR data ({dr.dr_region}): the graph's secondary cluster",
            region=dr.dr_region,
        )
        self.add_stack_dependency(shared.get("data-stack", Stack))
        removal = RemovalPolicy.RETAIN if spec.deletion_protection else RemovalPolicy.DESTROY
        self.logs_key = logs_key(
            self,
            "LogsKey",
            alias=f"alias/{prefix(spec)}-dr-logs",
            description="Encrypts the graph secondary's audit log",
            region=dr.dr_region,
            removal=removal,
        )
        # The DR region's network and cluster (stacks/dr_compute.py), from the DR view.
        view = dr_view(spec)
        regional = shared.get("dr-shared", Shared)
        self.vpc = regional.get("vpc", ec2.Vpc)
        # The primary's rules in this region: the DR cluster's security group and the pod
        # security groups of the DR manifests' SecurityGroupPolicies (outputs of this stack)
        # reach the secondary, which refuses writes until it is promoted. The cache group is
        # where a cache made at failover goes (there is none before: the services fail open).
        self.security_groups = data_security_groups(
            self,
            view,
            self.vpc,
            regional.get("cluster-security-group", ec2.ISecurityGroup),  # type: ignore[type-abstract]
        )
        self.graph_key = domain_key(
            self,
            "GraphKey",
            alias=f"alias/{prefix(spec)}-graph-dr",
            description="Encrypts the graph's secondary cluster in the DR region",
            account=spec.account,
            via_services=[f"rds.{dr.dr_region}.amazonaws.com"],
            removal=removal,
        )
        self.graph = graph_secondary(
            self,
            spec,
            key=self.graph_key,
            security_group=self.security_groups.graph,
            placement=StorePlacement(
                subnet_ids=self.vpc.select_subnets(subnet_group_name="database").subnet_ids,
                logs_key=self.logs_key,
                removal=removal,
            ),
        )
        # Exported by hand, like the data stack's: the DR service stacks' policies name it.
        self.graph_resource_id = self.export_value(self.graph.attr_cluster_resource_id)
        shared.register("dr-data-stack", self)


def build_dr_data_stacks(
    scope: Construct, spec: PlatformSpec, shared: Shared
) -> list[PlatformStack]:
    """The DR-data stack when the strategy replicates a graph; none otherwise."""
    if not (replicates_data(spec) and spec.data.neptune.enabled):
        return []
    return [DrDataStack(scope, spec, shared)]
