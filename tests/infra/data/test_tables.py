"""The service tables: global tables with a DR replica when the strategy replicates data (prod,
warm_standby), regional tables otherwise (dev, backup_restore); every replica keeps PITR,
deletion protection, its own region's key and the tags AWS Backup and the data classes use."""

from __future__ import annotations

from chariot.infra.stacks.dr import table_replica_key_alias_arn
from chariot.spec.data_classification import TAG_KEY
from tests.conftest import Synthesized


def test_prod_tables_are_global_with_a_replica_in_the_dr_region(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    spec = env.spec
    assert not env.service_resources("AWS::DynamoDB::Table")
    tables = env.service_resources("AWS::DynamoDB::GlobalTable")
    assert len(tables) == sum(1 for s in spec.services if s.data.table is not None)
    for logical_id, table in tables.items():
        replicas = {r["Region"]: r for r in table["Properties"]["Replicas"]}
        assert set(replicas) == {spec.region, spec.dr.dr_region}, logical_id
        for region, replica in replicas.items():
            assert replica["PointInTimeRecoverySpecification"] == {
                "PointInTimeRecoveryEnabled": True
            }
            assert replica["DeletionProtectionEnabled"] is True
            tags = {t["Key"]: t["Value"] for t in replica["Tags"]}
            assert tags["chariot:environment"] == "prod"
            assert TAG_KEY in tags
            key = replica["SSESpecification"]["KMSMasterKeyId"]
            if region == spec.dr.dr_region:
                assert key == table_replica_key_alias_arn(spec)
            else:
                assert "TablesKey" in str(key)  # the platform's table key
        assert table["DeletionPolicy"] == "Retain"


def test_provisioned_global_table_keeps_its_autoscaling(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    (service,) = [
        s
        for s in env.spec.services
        if s.data.table is not None and s.data.table.billing == "provisioned"
    ]
    assert service.data.table is not None
    assert service.data.table.provisioned is not None
    scaling = service.data.table.provisioned.autoscaling
    assert scaling is not None
    (table,) = [
        t
        for t in env.service_resources("AWS::DynamoDB::GlobalTable").values()
        if t["Properties"]["TableName"].startswith(service.data.table.name)
    ]
    write = table["Properties"]["WriteProvisionedThroughputSettings"]
    assert write["WriteCapacityAutoScalingSettings"] == {
        "MinCapacity": scaling.min_capacity,
        "MaxCapacity": scaling.max_capacity,
        "TargetTrackingScalingPolicyConfiguration": {"TargetValue": scaling.target_utilization},
    }
    for replica in table["Properties"]["Replicas"]:
        read = replica["ReadProvisionedThroughputSettings"]["ReadCapacityAutoScalingSettings"]
        assert (read["MinCapacity"], read["MaxCapacity"]) == (
            scaling.min_capacity,
            scaling.max_capacity,
        )
    # Autoscaling lives in the resource: no Application Auto Scaling targets remain.
    assert not env.service_resources("AWS::ApplicationAutoScaling::ScalableTarget")


def test_dev_keeps_regional_tables(synthesized: dict[str, Synthesized]) -> None:
    env = synthesized["dev"]
    assert env.spec.dr.strategy == "backup_restore"
    assert not env.service_resources("AWS::DynamoDB::GlobalTable")
    assert env.service_resources("AWS::DynamoDB::Table")
    resources = env.json("dr")["Resources"]
    assert not [r for r in resources.values() if "TableReplicaKey" in str(r)]


def test_the_dr_stack_owns_the_replica_key(synthesized: dict[str, Synthesized]) -> None:
    env = synthesized["prod"]
    resources = env.json("dr")["Resources"]
    aliases = {
        r["Properties"]["AliasName"]: r["Properties"]["TargetKeyId"]
        for r in resources.values()
        if r["Type"] == "AWS::KMS::Alias"
    }
    alias = table_replica_key_alias_arn(env.spec).rsplit(":", 1)[1]
    key = resources[aliases[alias]["Fn::GetAtt"][0]]
    use = next(
        s for s in key["Properties"]["KeyPolicy"]["Statement"]
        if s["Sid"] == "UseThroughOwningServices"
    )  # fmt: skip
    assert use["Condition"] == {
        "StringEquals": {"kms:ViaService": [f"dynamodb.{env.spec.dr.dr_region}.amazonaws.com"]}
    }
