"""DynamoDB tables for the one-machine platform, from the same spec the CDK data stack reads.

Each catalog entry with `data.table` becomes `CreateTable` arguments: name `<Table.name>-<env>`,
the spec's key schema, its GSIs (projecting all attributes) and its billing mode — so a table
the services can use locally has the shape the CDK stack deploys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chariot.spec import platform_names
from chariot.spec.model import PlatformSpec, Service

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


def table_name(service: Service, environment: str) -> str:
    """`<Table.name>-<env>`: the physical name in every environment."""
    if service.data.table is None:
        raise ValueError(f"service {service.name!r} declares no table")
    return platform_names.table_name(service.data.table.name, environment)


def create_table_request(service: Service, environment: str) -> dict[str, Any]:
    """The CreateTable arguments for one service's table."""
    table = service.data.table
    if table is None:
        raise ValueError(f"service {service.name!r} declares no table")
    attributes = {table.partition_key}
    keys = [{"AttributeName": table.partition_key, "KeyType": "HASH"}]
    if table.sort_key:
        attributes.add(table.sort_key)
        keys.append({"AttributeName": table.sort_key, "KeyType": "RANGE"})
    request: dict[str, Any] = {"TableName": table_name(service, environment), "KeySchema": keys}
    indexes = []
    for index in table.indexes:
        schema = [{"AttributeName": index.partition_key, "KeyType": "HASH"}]
        attributes.add(index.partition_key)
        if index.sort_key:
            schema.append({"AttributeName": index.sort_key, "KeyType": "RANGE"})
            attributes.add(index.sort_key)
        gsi: dict[str, Any] = {
            "IndexName": index.name,
            "KeySchema": schema,
            "Projection": {"ProjectionType": "ALL"},
        }
        if table.provisioned is not None:
            gsi["ProvisionedThroughput"] = _throughput(
                table.provisioned.read_capacity, table.provisioned.write_capacity
            )
        indexes.append(gsi)
    request["AttributeDefinitions"] = [
        {"AttributeName": name, "AttributeType": "S"} for name in sorted(attributes)
    ]
    if indexes:
        request["GlobalSecondaryIndexes"] = indexes
    if table.billing == "provisioned" and table.provisioned is not None:
        request["BillingMode"] = "PROVISIONED"
        request["ProvisionedThroughput"] = _throughput(
            table.provisioned.read_capacity, table.provisioned.write_capacity
        )
    else:
        request["BillingMode"] = "PAY_PER_REQUEST"
    return request


def _throughput(read: int, write: int) -> dict[str, int]:
    return {"ReadCapacityUnits": read, "WriteCapacityUnits": write}


def create_tables(client: DynamoDBClient, spec: PlatformSpec) -> list[str]:
    """Create every service table that does not exist yet; returns the names created."""
    existing = set(client.list_tables().get("TableNames", []))
    created = []
    for service in spec.services:
        if service.data.table is None:
            continue
        request = create_table_request(service, spec.environment)
        if request["TableName"] in existing:
            continue
        client.create_table(**request)
        created.append(request["TableName"])
    return created
