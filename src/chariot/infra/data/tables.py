"""A service's DynamoDB table: keys and indexes from the catalog, the platform's key, PITR as
the catalog says (on by default), and target-tracking autoscaling when the table is provisioned
with `autoscaling`.

When the DR strategy replicates data (pilot_light, warm_standby) the table is a global table
(`AWS::DynamoDB::GlobalTable`) with a replica in `dr.dr_region`: every replica has PITR,
deletion protection, the environment's tags and its own region's key (the DR stack's table
key, addressed by alias ARN, which ReplicaSSESpecification accepts:
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-dynamodb-globaltable-replicassespecification.html).
backup_restore keeps `AWS::DynamoDB::Table`. Converting a deployed table replaces it:
docs/disaster-recovery.md, "Moving a deployed table to a global table".
"""

from __future__ import annotations

from aws_cdk import CfnOutput, RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.stacks.base import ENVIRONMENT_TAG
from chariot.infra.stacks.dr import table_replica_key_alias_arn
from chariot.spec.dr_strategies import replicates_data
from chariot.spec.model import PlatformSpec, Provisioned, Table
from chariot.spec.platform_names import table_name

STRING = dynamodb.AttributeType.STRING


def _key(name: str | None) -> dynamodb.Attribute | None:
    return dynamodb.Attribute(name=name, type=STRING) if name else None


def _pitr(table: Table) -> dynamodb.PointInTimeRecoverySpecification:
    return dynamodb.PointInTimeRecoverySpecification(
        point_in_time_recovery_enabled=table.point_in_time_recovery
    )


def regional_table(
    scope: Construct, spec: PlatformSpec, table: Table, key: kms.IKey, removal: RemovalPolicy
) -> dynamodb.Table:
    """`AWS::DynamoDB::Table`, with scalable targets and policies when it autoscales."""
    provisioned = table.provisioned if table.billing == "provisioned" else None
    resource = dynamodb.Table(
        scope,
        f"Table{table.name}",
        # The same name the manifests give the service as CHARIOT_TABLE_NAME.
        table_name=table_name(table.name, spec.environment),
        partition_key=dynamodb.Attribute(name=table.partition_key, type=STRING),
        sort_key=_key(table.sort_key),
        billing_mode=(
            dynamodb.BillingMode.PROVISIONED
            if provisioned
            else dynamodb.BillingMode.PAY_PER_REQUEST
        ),
        read_capacity=provisioned.read_capacity if provisioned else None,
        write_capacity=provisioned.write_capacity if provisioned else None,
        encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryption_key=key,
        point_in_time_recovery_specification=_pitr(table),
        deletion_protection=spec.deletion_protection,
        table_class=dynamodb.TableClass(table.table_class),
        removal_policy=removal,
    )
    for index in table.indexes:
        resource.add_global_secondary_index(
            index_name=index.name,
            partition_key=dynamodb.Attribute(name=index.partition_key, type=STRING),
            sort_key=_key(index.sort_key),
            projection_type=dynamodb.ProjectionType.ALL,
            read_capacity=provisioned.read_capacity if provisioned else None,
            write_capacity=provisioned.write_capacity if provisioned else None,
        )
    if provisioned and provisioned.autoscaling:
        scaling = provisioned.autoscaling
        bounds = {"min_capacity": scaling.min_capacity, "max_capacity": scaling.max_capacity}
        capacities = [
            resource.auto_scale_read_capacity(**bounds),
            resource.auto_scale_write_capacity(**bounds),
        ]
        for index in table.indexes:
            capacities += [
                resource.auto_scale_global_secondary_index_read_capacity(index.name, **bounds),
                resource.auto_scale_global_secondary_index_write_capacity(index.name, **bounds),
            ]
        for capacity in capacities:
            capacity.scale_on_utilization(target_utilization_percent=scaling.target_utilization)
    return resource


def _capacities(provisioned: Provisioned) -> tuple[dynamodb.Capacity, dynamodb.Capacity]:
    """Read and write capacity of a provisioned global table. Its write capacity can only be
    autoscaled (WriteProvisionedThroughputSettings holds WriteCapacityAutoScalingSettings
    alone: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-dynamodb-globaltable-writeprovisionedthroughputsettings.html),
    so a fixed write capacity is autoscaling pinned to it (minimum = maximum)."""
    scaling = provisioned.autoscaling
    if scaling is not None:
        bounds = {
            "min_capacity": scaling.min_capacity,
            "max_capacity": scaling.max_capacity,
            "target_utilization_percent": scaling.target_utilization,
        }
        return dynamodb.Capacity.autoscaled(**bounds), dynamodb.Capacity.autoscaled(**bounds)
    write = provisioned.write_capacity
    return (
        dynamodb.Capacity.fixed(provisioned.read_capacity),
        dynamodb.Capacity.autoscaled(min_capacity=write, max_capacity=write),
    )


def global_table(
    scope: Construct, spec: PlatformSpec, table: Table, key: kms.IKey, removal: RemovalPolicy
) -> dynamodb.TableV2:
    """`AWS::DynamoDB::GlobalTable` with replicas in the platform's region and the DR region;
    autoscaling lives in the resource (no scalable targets)."""
    provisioned = table.provisioned if table.billing == "provisioned" else None
    read, write = _capacities(provisioned) if provisioned else (None, None)
    return dynamodb.TableV2(
        scope,
        f"Table{table.name}",
        table_name=table_name(table.name, spec.environment),
        partition_key=dynamodb.Attribute(name=table.partition_key, type=STRING),
        sort_key=_key(table.sort_key),
        billing=(
            dynamodb.Billing.provisioned(read_capacity=read, write_capacity=write)
            if read and write
            else dynamodb.Billing.on_demand()
        ),
        encryption=dynamodb.TableEncryptionV2.customer_managed_key(
            key, {spec.dr.dr_region: table_replica_key_alias_arn(spec)}
        ),
        # Both apply to every replica (TableV2 copies them unless a replica overrides them).
        point_in_time_recovery_specification=_pitr(table),
        deletion_protection=spec.deletion_protection,
        table_class=dynamodb.TableClass(table.table_class),
        global_secondary_indexes=[
            dynamodb.GlobalSecondaryIndexPropsV2(
                index_name=index.name,
                partition_key=dynamodb.Attribute(name=index.partition_key, type=STRING),
                sort_key=_key(index.sort_key),
                projection_type=dynamodb.ProjectionType.ALL,
                read_capacity=read,
                write_capacity=write,
            )
            for index in table.indexes
        ],
        replicas=[dynamodb.ReplicaTableProps(region=spec.dr.dr_region)],
        removal_policy=removal,
    )


def service_table(
    scope: Construct, spec: PlatformSpec, table: Table, key: kms.IKey, removal: RemovalPolicy
) -> dynamodb.ITable:
    """`Table<name>` in `scope` (global when the DR strategy replicates data) and the
    `Table<name>Name` output."""
    make = global_table if replicates_data(spec) else regional_table
    resource = make(scope, spec, table, key, removal)
    # The data stack's backup plan selects the table by tag (infra/data/backup.py); cdk-nag
    # looks for a selection naming the table in this stack only. The readiness rule
    # tables-backed-up checks the selection across stacks.
    acknowledge(
        resource,
        {
            "NIST.800.53.R5-DynamoDBInBackupPlan": (
                "Backed up by the data stack's plan, which selects every table of this account "
                f"and region tagged {ENVIRONMENT_TAG}={spec.environment} (BackupSelection "
                "Conditions); cdk-nag only sees selections in the table's own stack."
            )
        },
    )
    CfnOutput(scope, f"Table{table.name}Name", value=resource.table_name)
    return resource
