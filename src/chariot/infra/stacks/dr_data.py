"""The data that stands in the DR region when the strategy replicates it (pilot_light,
warm_standby): the graph's secondary cluster of the Neptune global database, in the database
subnets of the DR region's network (stacks/dr_compute.py, beside the DR cluster). Nothing
reaches it until failover.

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
from chariot.infra.names import prefix
from chariot.infra.shared import Shared
from chariot.infra.stacks.base import PlatformStack
from chariot.spec.dr_strategies import replicates_data
from chariot.spec.model import PlatformSpec

GRAPH_PORT = 8182


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
        # The DR region's network (stacks/dr_compute.py), where the DR cluster runs too.
        self.vpc = shared.get("dr-vpc", ec2.Vpc)
        # Nothing reaches the secondary until failover: the compute brought up in this region
        # then gets a rule from inside the VPC (the runbook's step).
        self.graph_security_group = ec2.SecurityGroup(
            self,
            "GraphSecurityGroup",
            vpc=self.vpc,
            description="Neptune secondary: Gremlin/openCypher from inside the DR VPC only",
            allow_all_outbound=False,
        )
        self.graph_security_group.add_ingress_rule(
            ec2.Peer.ipv4(dr.vpc_cidr), ec2.Port.tcp(GRAPH_PORT), "Neptune from the DR VPC"
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
            security_group=self.graph_security_group,
            placement=StorePlacement(
                subnet_ids=self.vpc.select_subnets(subnet_group_name="database").subnet_ids,
                logs_key=self.logs_key,
                removal=removal,
            ),
        )


def build_dr_data_stacks(
    scope: Construct, spec: PlatformSpec, shared: Shared
) -> list[PlatformStack]:
    """The DR-data stack when the strategy replicates a graph; none otherwise."""
    if not (replicates_data(spec) and spec.data.neptune.enabled):
        return []
    return [DrDataStack(scope, spec, shared)]
