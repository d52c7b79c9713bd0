"""A service's DynamoDB table: keys and indexes from the catalog, the platform's key, PITR on,
and target-tracking autoscaling when the table is provisioned with `autoscaling`."""

from __future__ import annotations

from aws_cdk import CfnOutput, RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from constructs import Construct

from chariot.infra.compliance import acknowledge
from chariot.infra.stacks.base import ENVIRONMENT_TAG
from chariot.spec.model import PlatformSpec, Table
from chariot.spec.platform_names import table_name


def service_table(
    scope: Construct, spec: PlatformSpec, table: Table, key: kms.IKey, removal: RemovalPolicy
) -> dynamodb.Table:
    """`Table<name>` in `scope`, with its autoscaling and the `Table<name>Name` output."""
    provisioned = table.provisioned if table.billing == "provisioned" else None
    string = dynamodb.AttributeType.STRING
    resource = dynamodb.Table(
        scope,
        f"Table{table.name}",
        # The same name the manifests give the service as CHARIOT_TABLE_NAME.
        table_name=table_name(table.name, spec.environment),
        partition_key=dynamodb.Attribute(name=table.partition_key, type=string),
        sort_key=(dynamodb.Attribute(name=table.sort_key, type=string) if table.sort_key else None),
        billing_mode=(
            dynamodb.BillingMode.PROVISIONED
            if provisioned
            else dynamodb.BillingMode.PAY_PER_REQUEST
        ),
        read_capacity=provisioned.read_capacity if provisioned else None,
        write_capacity=provisioned.write_capacity if provisioned else None,
        encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryption_key=key,
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True
        ),
        deletion_protection=spec.deletion_protection,
        table_class=dynamodb.TableClass(table.table_class),
        removal_policy=removal,
    )
    for index in table.indexes:
        resource.add_global_secondary_index(
            index_name=index.name,
            partition_key=dynamodb.Attribute(name=index.partition_key, type=string),
            sort_key=(
                dynamodb.Attribute(name=index.sort_key, type=string) if index.sort_key else None
            ),
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
