"""The Neptune graph: a cluster in the database subnets with IAM authentication, its audit log
in an encrypted log group, one instance per zone (as many as the spec says), and snapshots on
delete for the data (instances hold none: docs/design.md, "Facts found").

When the DR strategy replicates data, the cluster is the primary of a Neptune global database:
`AWS::Neptune::GlobalCluster` names the cluster as its SourceDBClusterIdentifier, which also
turns an already deployed cluster into the primary without replacing it
(https://docs.aws.amazon.com/neptune/latest/userguide/neptune-gdb-setup.html,
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-neptune-globalcluster.html).
The DR-data stack adds the secondary cluster (`graph_secondary`) with the same parameters,
audit log and windows, so a promoted secondary behaves as the primary did.
"""

from __future__ import annotations

from aws_cdk import ArnFormat, CfnOutput, RemovalPolicy, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_neptune as neptune
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.data.placement import StorePlacement
from chariot.infra.log_retention import retention
from chariot.infra.names import graph_cluster_id, graph_global_id, graph_secondary_id, prefix
from chariot.spec.model import PlatformSpec

NEPTUNE_FAMILY = "neptune1.4"


def _cluster(
    scope: Construct,
    spec: PlatformSpec,
    cluster_id: str,
    *,
    key: kms.IKey,
    security_group: ec2.ISecurityGroup,
    placement: StorePlacement,
    global_id: str | None = None,
) -> neptune.CfnDBCluster:
    """`Graph` with its subnet group, parameters and audit log group, in `scope`'s region."""
    graph = spec.data.neptune
    subnets = neptune.CfnDBSubnetGroup(
        scope,
        "GraphSubnets",
        db_subnet_group_description="Neptune: the database subnets",
        subnet_ids=list(placement.subnet_ids),
        db_subnet_group_name=f"{prefix(spec)}-graph",
    )
    parameters = neptune.CfnDBClusterParameterGroup(
        scope,
        "GraphParameters",
        family=NEPTUNE_FAMILY,
        description="Neptune cluster parameters: audit log on",
        parameters={"neptune_enable_audit_log": 1},
    )
    # Neptune writes to this group; creating it first sets retention and encryption.
    audit_logs = logs.LogGroup(
        scope,
        "GraphAuditLogs",
        log_group_name=f"/aws/neptune/{cluster_id}/audit",
        encryption_key=placement.logs_key,
        retention=retention(spec.security.log_retention_days),
        removal_policy=placement.removal,
    )
    cluster = neptune.CfnDBCluster(
        scope,
        "Graph",
        db_cluster_identifier=cluster_id,
        global_cluster_identifier=global_id,
        engine_version=graph.engine_version,
        db_subnet_group_name=subnets.ref,
        db_cluster_parameter_group_name=parameters.ref,
        vpc_security_group_ids=[security_group.security_group_id],
        storage_encrypted=True,
        kms_key_id=key.key_arn,
        iam_auth_enabled=True,
        enable_cloudwatch_logs_exports=["audit"],
        backup_retention_period=graph.backup_retention_days,
        preferred_backup_window=graph.backup_window,
        preferred_maintenance_window=graph.maintenance_window,
        deletion_protection=spec.deletion_protection,
        copy_tags_to_snapshot=True,
    )
    audit_resource = audit_logs.node.default_child
    if isinstance(audit_resource, logs.CfnLogGroup):
        cluster.add_resource_dependency(audit_resource)
    # Snapshot on delete for the data; instances hold none (docs/design.md, "Facts found").
    cluster.apply_removal_policy(
        RemovalPolicy.SNAPSHOT if spec.deletion_protection else RemovalPolicy.DESTROY
    )
    return cluster


def _instances(
    scope: Construct,
    spec: PlatformSpec,
    cluster: neptune.CfnDBCluster,
    cluster_id: str,
    zones: list[str],
    count: int,
    removal: RemovalPolicy,
) -> None:
    graph = spec.data.neptune
    for n in range(count):
        instance = neptune.CfnDBInstance(
            scope,
            f"GraphInstance{n + 1}",
            db_cluster_identifier=cluster.ref,
            db_instance_class=graph.instance_class,
            db_instance_identifier=f"{cluster_id}-{n + 1}",
            availability_zone=zones[n % len(zones)],
            # The spec pins the engine (data.neptune.engine_version); automatic minor
            # upgrades would move the cluster off that pin behind CloudFormation's back
            # and the next stack update would ask for a downgrade. Upgrades go through the
            # spec. Patches still arrive in the maintenance window (Neptune applies them
            # regardless): https://docs.aws.amazon.com/neptune/latest/userguide/release-types.html
            auto_minor_version_upgrade=False,
            preferred_maintenance_window=graph.maintenance_window,
        )
        instance.apply_removal_policy(removal)
        acknowledge(
            instance,
            {
                "AwsSolutions-N2": (
                    "The spec pins the engine to a patch version "
                    "(data.neptune.engine_version); automatic minor upgrades would drift the "
                    "cluster off the template's pin. "
                    "Upgrades are a spec change; Neptune still applies patches itself."
                )
            },
        )


def _acknowledge_sizing(spec: PlatformSpec, cluster: neptune.CfnDBCluster, count: int) -> None:
    graph = spec.data.neptune
    if count < 2:
        acknowledge(
            cluster,
            {
                "AwsSolutions-N1": (
                    f"The {spec.environment} spec runs a single Neptune instance here "
                    "(data.neptune.instances: 1, or the DR secondary's one reader) to save "
                    "cost; prod's primary runs one per zone."
                )
            },
        )
    if graph.backup_retention_days < 7:
        acknowledge(
            cluster,
            {
                "AwsSolutions-N3": (
                    f"The {spec.environment} spec keeps "
                    f"{graph.backup_retention_days} day(s) of Neptune backups on purpose; "
                    "prod keeps 7."
                )
            },
        )


def graph_cluster(
    scope: Construct,
    spec: PlatformSpec,
    *,
    key: kms.IKey,
    security_group: ec2.ISecurityGroup,
    placement: StorePlacement,
) -> neptune.CfnDBCluster:
    cluster_id = graph_cluster_id(spec)
    cluster = _cluster(
        scope, spec, cluster_id, key=key, security_group=security_group, placement=placement
    )
    count = spec.data.neptune.instances
    _instances(scope, spec, cluster, cluster_id, spec.availability_zones, count, placement.removal)
    _acknowledge_sizing(spec, cluster, count)
    CfnOutput(scope, "GraphEndpoint", value=cluster.attr_endpoint)
    CfnOutput(scope, "GraphPort", value=cluster.attr_port)
    CfnOutput(scope, "GraphReadEndpoint", value=cluster.attr_read_endpoint)
    CfnOutput(
        scope,
        "GraphResourceId",
        value=cluster.attr_cluster_resource_id,
        description="for neptune-db:connect policies (IAM authentication)",
    )
    return cluster


def graph_global_database(
    scope: Construct, spec: PlatformSpec, primary: neptune.CfnDBCluster
) -> neptune.CfnGlobalCluster:
    """The global database, with `primary` as its source (engine and encryption come from it)."""
    arn = Stack.of(scope).format_arn(
        service="rds",
        resource="cluster",
        resource_name=primary.ref,
        arn_format=ArnFormat.COLON_RESOURCE_NAME,
    )
    database = neptune.CfnGlobalCluster(
        scope,
        "GraphGlobal",
        global_cluster_identifier=graph_global_id(spec),
        source_db_cluster_identifier=arn,
        deletion_protection=spec.deletion_protection,
    )
    database.apply_removal_policy(
        RemovalPolicy.RETAIN if spec.deletion_protection else RemovalPolicy.DESTROY
    )
    CfnOutput(scope, "GraphGlobalId", value=database.ref)
    return database


# The DR secondary runs one reader: the DR model counts RTO 10 minutes for a secondary with
# instances (detach and promote) against 30 for a headless one (create an instance first).
SECONDARY_INSTANCES = 1


def graph_secondary(
    scope: Construct,
    spec: PlatformSpec,
    *,
    key: kms.IKey,
    security_group: ec2.ISecurityGroup,
    placement: StorePlacement,
) -> neptune.CfnDBCluster:
    """The secondary cluster of the global database, in `scope`'s (the DR) region: read-only
    until it is detached and promoted (the runbook's failover)."""
    cluster_id = graph_secondary_id(spec)
    cluster = _cluster(
        scope,
        spec,
        cluster_id,
        key=key,
        security_group=security_group,
        placement=placement,
        global_id=graph_global_id(spec),
    )
    _instances(
        scope, spec, cluster, cluster_id, spec.dr.zones, SECONDARY_INSTANCES, placement.removal
    )
    _acknowledge_sizing(spec, cluster, SECONDARY_INSTANCES)
    CfnOutput(scope, "GraphSecondaryEndpoint", value=cluster.attr_endpoint)
    # The DR region's manifests build the services' Neptune URL from both (chariot.k8s.deployed)
    CfnOutput(scope, "GraphSecondaryPort", value=cluster.attr_port)
    CfnOutput(scope, "GraphSecondaryReadEndpoint", value=cluster.attr_read_endpoint)
    return cluster
