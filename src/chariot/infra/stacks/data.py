"""The shared data tier: the Neptune graph (the primary of a global database when the DR
strategy replicates data), the Valkey cache, their security groups (and the services' pod
security groups), and AWS Backup with copies to the DR region.

Wiring only: each concern is a module of chariot.infra.data. The services' own tables, roles and
repositories live in the service stacks (stacks/services.py), which read `data-tier` from here.
"""

from __future__ import annotations

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_elasticache as elasticache
from aws_cdk import aws_kms as kms
from aws_cdk import aws_neptune as neptune
from constructs import Construct

from chariot.infra.data.backup import data_backup
from chariot.infra.data.cache import cache_cluster
from chariot.infra.data.graph import graph_cluster, graph_global_database
from chariot.infra.data.placement import StorePlacement
from chariot.infra.data.security_groups import data_security_groups
from chariot.infra.eks.service_identity import DataTier
from chariot.infra.shared import Shared
from chariot.infra.stacks.base import PlatformStack
from chariot.spec.dr_strategies import replicates_data
from chariot.spec.model import PlatformSpec


class DataStack(PlatformStack):
    part = "data"

    def __init__(self, scope: Construct, spec: PlatformSpec, shared: Shared) -> None:
        super().__init__(scope, spec, "Chariot data tier: Neptune, ElastiCache, Backup")
        # Backup copies go to the vault of the DR stack.
        self.add_stack_dependency(shared.get("dr-stack", Stack))
        removal = RemovalPolicy.RETAIN if spec.deletion_protection else RemovalPolicy.DESTROY
        vpc = shared.get("vpc", ec2.Vpc)
        # EKS hands out its cluster security group as an interface (it is not a CDK SecurityGroup).
        cluster_sg = shared.get(
            "cluster-security-group",
            ec2.ISecurityGroup,  # type: ignore[type-abstract]
        )
        placement = StorePlacement(
            subnet_ids=vpc.select_subnets(subnet_group_name="database").subnet_ids,
            logs_key=shared.get("key:logs", kms.Key),
            removal=removal,
        )

        self.security_groups = data_security_groups(self, spec, vpc, cluster_sg)
        self.graph: neptune.CfnDBCluster | None = None
        if spec.data.neptune.enabled:
            self.graph = graph_cluster(
                self,
                spec,
                key=shared.get("key:graph", kms.Key),
                security_group=self.security_groups.graph,
                placement=placement,
            )
            if replicates_data(spec):
                graph_global_database(self, spec, self.graph)
        self.cache: elasticache.CfnReplicationGroup | None = None
        cache_user_arn: str | None = None
        if spec.data.cache.enabled:
            cache = cache_cluster(
                self,
                spec,
                key=shared.get("key:cache", kms.Key),
                security_group=self.security_groups.cache,
                placement=placement,
            )
            self.cache, cache_user_arn = cache.group, cache.user_arn
        data_backup(
            self,
            spec,
            key=shared.get("key:backup", kms.Key),
            alerts_key=shared.get("key:alerts", kms.Key),
            graph=self.graph is not None,
            removal=removal,
        )
        # Exported by hand: the service stacks import the value (`Fn::ImportValue`) from the
        # start, so the policies that name it are final when their findings are acknowledged.
        self.tier = DataTier(
            table_key=shared.get("key:tables", kms.Key),
            graph_resource_id=(
                self.export_value(self.graph.attr_cluster_resource_id) if self.graph else None
            ),
            cache_group_id=self.export_value(self.cache.ref) if self.cache else None,
            cache_user_arn=self.export_value(cache_user_arn) if cache_user_arn else None,
        )
        shared.register("data-tier", self.tier)
        shared.register("data-stack", self)
