"""The data tier's intent: tables from the catalog, Neptune and the cache as the spec says, a
data tier only the cluster and named pod security groups reach, and backups copied to DR."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chariot.infra.data.backup import backup_frequency
from chariot.infra.data.security_groups import CACHE_PORT, GRAPH_PORT
from chariot.spec.model import PlatformSpec
from tests.conftest import Synthesized


def _tables(env: Synthesized) -> dict[str, dict[str, Any]]:
    """Regional tables (dev) or global tables (prod: tests/infra/data/test_tables.py pins
    their replicas)."""
    return {
        r["Properties"]["TableName"]: r["Properties"]
        for kind in ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable")
        for r in env.service_resources(kind).values()
    }


def _keys(table: dict[str, Any]) -> list[tuple[str, str]]:
    return [(k["AttributeName"], k["KeyType"]) for k in table["KeySchema"]]


def _one(env: Synthesized, kind: str) -> dict[str, Any]:
    (resource,) = env.resources("data", kind).values()
    props: dict[str, Any] = resource["Properties"]
    return props


# ---------------------------------------------------------------- DynamoDB


def test_one_table_per_catalogued_service_named_for_the_environment(
    synthesized: dict[str, Synthesized],
) -> None:
    assert set(_tables(synthesized["prod"])) == {
        "UserService-prod",
        "AssetService-prod",
        "VulnerabilityService-prod",
    }
    assert set(_tables(synthesized["dev"])) == {
        "UserService-dev",
        "AssetService-dev",
        "VulnerabilityService-dev",
    }


def test_users_and_assets_are_on_demand_assets_with_gsi1(
    synthesized: dict[str, Synthesized],
) -> None:
    tables = _tables(synthesized["prod"])
    for name in ("UserService-prod", "AssetService-prod"):
        assert tables[name]["BillingMode"] == "PAY_PER_REQUEST"
        assert _keys(tables[name]) == [("pk", "HASH"), ("sk", "RANGE")]
    assert "GlobalSecondaryIndexes" not in tables["UserService-prod"]
    (gsi,) = tables["AssetService-prod"]["GlobalSecondaryIndexes"]
    assert gsi["IndexName"] == "GSI1"
    assert _keys(gsi) == [("gsi1pk", "HASH"), ("gsi1sk", "RANGE")]


def test_vulnerabilities_is_provisioned_100_100_with_target_tracking_at_70(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["dev"]  # a regional table; prod's global table holds its autoscaling
    table = _tables(env)["VulnerabilityService-dev"]
    assert table["ProvisionedThroughput"] == {"ReadCapacityUnits": 100, "WriteCapacityUnits": 100}
    assert "BillingMode" not in table or table["BillingMode"] == "PROVISIONED"
    targets = env.service_resources("AWS::ApplicationAutoScaling::ScalableTarget").values()
    dims = sorted(t["Properties"]["ScalableDimension"] for t in targets)
    assert dims == [
        "dynamodb:table:ReadCapacityUnits",
        "dynamodb:table:WriteCapacityUnits",
    ]
    for target in targets:
        assert (target["Properties"]["MinCapacity"], target["Properties"]["MaxCapacity"]) == (
            10,
            1000,
        )
    policies = env.service_resources("AWS::ApplicationAutoScaling::ScalingPolicy").values()
    assert len(policies) == 2
    for policy in policies:
        config = policy["Properties"]["TargetTrackingScalingPolicyConfiguration"]
        assert config["TargetValue"] == 70


def test_tables_have_pitr_customer_key_class_and_deletion_protection(
    synthesized: dict[str, Synthesized],
) -> None:
    """dev's regional tables; prod's replicas: tests/infra/data/test_tables.py."""
    env, protected = "dev", False
    for table in _tables(synthesized[env]).values():
        assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
        sse = table["SSESpecification"]
        assert (sse["SSEEnabled"], sse["SSEType"]) == (True, "KMS")
        assert "TablesKey" in json.dumps(sse["KMSMasterKeyId"])
        assert table["TableClass"] == "STANDARD"
        assert table["DeletionProtectionEnabled"] is protected


# ---------------------------------------------------------------- Neptune


def test_neptune_is_1_4_encrypted_iam_auth_audited_with_the_seeds_windows(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    graph = _one(env, "AWS::Neptune::DBCluster")
    assert graph["EngineVersion"].startswith("1.4.")
    assert graph["StorageEncrypted"] is True
    assert "GraphKey" in json.dumps(graph["KmsKeyId"])
    assert graph["IamAuthEnabled"] is True
    assert graph["EnableCloudwatchLogsExports"] == ["audit"]
    assert graph["BackupRetentionPeriod"] == 7
    assert graph["PreferredBackupWindow"] == "03:00-04:00"
    assert graph["PreferredMaintenanceWindow"] == "sun:04:00-sun:05:00"
    assert graph["DeletionProtection"] is True
    outputs = env.json("data")["Outputs"]
    assert outputs["GraphResourceId"]["Value"] == {"Fn::GetAtt": ["Graph", "ClusterResourceId"]}
    params = _one(env, "AWS::Neptune::DBClusterParameterGroup")
    assert params["Parameters"] == {"neptune_enable_audit_log": 1}
    subnets = _one(env, "AWS::Neptune::DBSubnetGroup")["SubnetIds"]
    assert len(subnets) == 3
    assert all("databaseSubnet" in json.dumps(s) for s in subnets)


def test_neptune_runs_three_r6g_large_instances_across_zones_in_prod(
    synthesized: dict[str, Synthesized],
) -> None:
    instances = [
        r["Properties"]
        for r in synthesized["prod"].resources("data", "AWS::Neptune::DBInstance").values()
    ]
    assert [i["DBInstanceClass"] for i in instances] == ["db.r6g.large"] * 3
    assert {i["AvailabilityZone"] for i in instances} == {"us-east-1a", "us-east-1b", "us-east-1c"}
    # The engine is pinned to a patch version: no automatic minor upgrade drifts it off the pin.
    assert [i["AutoMinorVersionUpgrade"] for i in instances] == [False] * 3
    dev = synthesized["dev"].resources("data", "AWS::Neptune::DBInstance")
    assert len(dev) == 1


def test_neptune_audit_logs_are_kept_and_encrypted(synthesized: dict[str, Synthesized]) -> None:
    groups = [
        r["Properties"]
        for r in synthesized["prod"].resources("data", "AWS::Logs::LogGroup").values()
    ]
    audit = next(
        g for g in groups if g.get("LogGroupName") == "/aws/neptune/chariot-graph-prod/audit"
    )
    assert audit["RetentionInDays"] == 365
    assert "KmsKeyId" in audit


# ---------------------------------------------------------------- ElastiCache


def test_cache_is_valkey_8_with_failover_encryption_and_seven_day_snapshots(
    synthesized: dict[str, Synthesized],
) -> None:
    cache = _one(synthesized["prod"], "AWS::ElastiCache::ReplicationGroup")
    assert (cache["Engine"], cache["EngineVersion"]) == ("valkey", "8.0")
    assert cache["CacheNodeType"] == "cache.r6g.large"
    assert cache["NumCacheClusters"] == 3
    assert cache["AutomaticFailoverEnabled"] is True
    assert cache["MultiAZEnabled"] is True
    assert cache["TransitEncryptionEnabled"] is True
    assert cache["TransitEncryptionMode"] == "required"
    assert cache["AtRestEncryptionEnabled"] is True
    assert "CacheKey" in json.dumps(cache["KmsKeyId"])
    assert cache["SnapshotRetentionLimit"] == 7
    assert cache["SnapshotWindow"] == "03:00-04:00"
    assert cache["Port"] == CACHE_PORT


def test_cache_authenticates_with_rbac_and_no_secret_is_in_the_template(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    cache = _one(env, "AWS::ElastiCache::ReplicationGroup")
    assert "AuthToken" not in cache
    (group_id,) = env.resources("data", "AWS::ElastiCache::UserGroup")
    assert cache["UserGroupIds"] == [{"Ref": group_id}]
    users = {
        r["Properties"]["UserName"]: r["Properties"]
        for r in env.resources("data", "AWS::ElastiCache::User").values()
    }
    assert users["default"]["AccessString"].startswith("off")
    app = users["chariot-prod-app"]
    assert app["AuthenticationMode"] == {"Type": "iam"}
    assert app["UserId"] == app["UserName"]
    for user in users.values():
        assert "Passwords" not in user
    outputs = env.json("data")["Outputs"]
    app_id = next(
        k
        for k, r in env.resources("data", "AWS::ElastiCache::User").items()
        if r["Properties"]["UserName"] == "chariot-prod-app"
    )
    assert outputs["CacheUserArn"]["Value"] == {"Fn::GetAtt": [app_id, "Arn"]}
    properties = [r.get("Properties", {}) for r in env.json("data")["Resources"].values()]
    text = json.dumps(properties).lower()
    assert "authtoken" not in text
    assert '"passwords"' not in text


def test_a_single_node_cache_has_no_failover(synthesized: dict[str, Synthesized]) -> None:
    cache = _one(synthesized["dev"], "AWS::ElastiCache::ReplicationGroup")
    assert cache["NumCacheClusters"] == 1
    assert cache["AutomaticFailoverEnabled"] is False


# ---------------------------------------------------------------- security groups


def _ingress(env: Synthesized) -> list[dict[str, Any]]:
    return [
        r["Properties"] for r in env.resources("data", "AWS::EC2::SecurityGroupIngress").values()
    ]


def _sg_id(env: Synthesized, prefix: str) -> str:
    return next(k for k in env.resources("data", "AWS::EC2::SecurityGroup") if k.startswith(prefix))


def test_data_tier_admits_only_the_cluster_and_pod_security_groups_of_users_of_each_store(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    (cluster_sg,) = {
        json.dumps(r["SourceSecurityGroupId"])
        for r in _ingress(env)
        if "Fn::ImportValue" in r["SourceSecurityGroupId"]
    }
    assert "chariot-prod-cluster:" in cluster_sg
    assert "ClusterSecurityGroupId" in cluster_sg
    pods = {
        name: _sg_id(env, f"PodSecurityGroup{name}")
        for name in ("Users", "Assets", "Vulnerabilities")
    }
    sources: dict[tuple[str, int], list[Any]] = {}
    for rule in _ingress(env):
        assert rule["FromPort"] == rule["ToPort"]
        assert rule["IpProtocol"] == "tcp"
        assert "CidrIp" not in rule  # only security groups, never an address range
        target = rule["GroupId"]["Fn::GetAtt"][0]
        sources.setdefault((target, rule["FromPort"]), []).append(rule["SourceSecurityGroupId"])
    graph = _sg_id(env, "GraphSecurityGroup")
    cache = _sg_id(env, "CacheSecurityGroup")
    assert set(sources) == {(graph, GRAPH_PORT), (cache, CACHE_PORT)}

    def pod(name: str) -> dict[str, Any]:
        return {"Fn::GetAtt": [pods[name], "GroupId"]}

    # users has no graph: only assets and vulnerabilities reach Neptune.
    graph_sources = sorted(map(json.dumps, sources[(graph, GRAPH_PORT)]))
    assert graph_sources == sorted(
        [cluster_sg, *map(json.dumps, [pod("Assets"), pod("Vulnerabilities")])]
    )
    cache_sources = sorted(map(json.dumps, sources[(cache, CACHE_PORT)]))
    assert cache_sources == sorted(
        [cluster_sg, *map(json.dumps, [pod("Users"), pod("Assets"), pod("Vulnerabilities")])]
    )


def test_no_ssh_anywhere_and_data_stores_open_no_connections(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    for rule in _ingress(env):
        assert not rule["FromPort"] <= 22 <= rule["ToPort"]
    for key, group in env.resources("data", "AWS::EC2::SecurityGroup").items():
        for rule in group["Properties"].get("SecurityGroupIngress", []):
            assert not rule["FromPort"] <= 22 <= rule["ToPort"]
        if key.startswith(("GraphSecurityGroup", "CacheSecurityGroup")):
            (egress,) = group["Properties"]["SecurityGroupEgress"]
            assert egress["CidrIp"] == "255.255.255.255/32"  # CDK's "no traffic" rule


def test_pod_security_groups_reach_only_the_stores_their_service_declares(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    egress = [
        r["Properties"] for r in env.resources("data", "AWS::EC2::SecurityGroupEgress").values()
    ]
    by_pod: dict[str, set[int]] = {}
    for rule in egress:
        by_pod.setdefault(rule["GroupId"]["Fn::GetAtt"][0], set()).add(rule["FromPort"])
    assert by_pod[_sg_id(env, "PodSecurityGroupUsers")] == {CACHE_PORT}
    assert by_pod[_sg_id(env, "PodSecurityGroupAssets")] == {GRAPH_PORT, CACHE_PORT}
    outputs = env.json("data")["Outputs"]
    for name in ("Users", "Assets", "Vulnerabilities"):
        assert outputs[f"PodSecurityGroup{name}Id"]["Value"] == {
            "Fn::GetAtt": [_sg_id(env, f"PodSecurityGroup{name}"), "GroupId"]
        }


# ---------------------------------------------------------------- AWS Backup


def test_backups_cover_tables_and_graph_and_copy_to_the_dr_vault(
    synthesized: dict[str, Synthesized], specs: dict[str, PlatformSpec]
) -> None:
    env = synthesized["prod"]
    plan = _one(env, "AWS::Backup::BackupPlan")["BackupPlan"]
    rules = {r["RuleName"]: r for r in plan["BackupPlanRule"]}
    assert rules["frequent-with-dr-copy"]["ScheduleExpression"] == "cron(0 * * * ? *)"
    for rule in rules.values():
        (copy,) = rule["CopyActions"]
        assert copy["DestinationBackupVaultArn"] == (
            "arn:aws:backup:us-west-2:111122223333:backup-vault:chariot-prod-dr"
        )
    vault = _one(env, "AWS::Backup::BackupVault")
    assert "BackupKey" in json.dumps(vault["EncryptionKeyArn"])


@pytest.mark.parametrize("name", ["prod", "dev"])
def test_backups_select_the_tables_by_the_environment_tag(
    synthesized: dict[str, Synthesized], name: str
) -> None:
    """The tables live in the service stacks: the selection names no table, it takes every
    table of the account and region with this environment's tag (Conditions AND Resources),
    and every table carries that tag."""
    env = synthesized[name]
    account, region = env.spec.account, env.spec.region
    selection = _one(env, "AWS::Backup::BackupSelection")["BackupSelection"]
    assert selection["Resources"] == [
        f"arn:aws:dynamodb:{region}:{account}:table/*",
        f"arn:aws:rds:{region}:{account}:cluster:chariot-graph-{name}",
    ]
    assert selection["Conditions"] == {
        "StringEquals": [
            {"ConditionKey": "aws:ResourceTag/chariot:environment", "ConditionValue": name}
        ]
    }
    assert "ListOfTags" not in selection  # OR'd with Resources: it would widen the selection
    tag_lists = [
        r["Properties"]["Tags"]
        for r in [
            *env.service_resources("AWS::DynamoDB::Table").values(),
            *env.resources("data", "AWS::Neptune::DBCluster").values(),
        ]
    ] + [  # a global table: its replica in this region is the table AWS Backup sees
        next(x for x in r["Properties"]["Replicas"] if x["Region"] == region)["Tags"]
        for r in env.service_resources("AWS::DynamoDB::GlobalTable").values()
    ]
    tagged = [{t["Key"]: t["Value"] for t in tags} for tags in tag_lists]
    assert len(tagged) == len([s for s in env.spec.services if s.data.table]) + 1
    assert all(tags["chariot:environment"] == name for tags in tagged)
    assert env.resources("data", "AWS::DynamoDB::Table") == {}


def test_backup_frequency_follows_the_rpo(specs: dict[str, PlatformSpec]) -> None:
    prod = specs["prod"]
    assert backup_frequency(prod).expression_string == "cron(0 * * * ? *)"
    relaxed = prod.model_copy(update={"dr": prod.dr.model_copy(update={"rpo_minutes": 1440})})
    assert backup_frequency(relaxed).expression_string == "cron(0 5 * * ? *)"


def test_the_data_stack_deploys_after_the_dr_and_cluster_stacks(
    synthesized: dict[str, Synthesized],
) -> None:
    manifest = json.loads((synthesized["prod"].outdir / "manifest.json").read_text())
    dependencies = set(manifest["artifacts"]["chariot-prod-data"]["dependencies"])
    assert {"chariot-prod-dr", "chariot-prod-cluster", "chariot-prod-security"} <= dependencies
    for part in synthesized["prod"].service_stacks():
        needs = set(manifest["artifacts"][f"chariot-prod-{part}"]["dependencies"])
        assert {"chariot-prod-data", "chariot-prod-cluster", "chariot-prod-security"} <= needs


def test_the_vault_mails_job_results_to_the_alarm_address(
    synthesized: dict[str, Synthesized], specs: dict[str, PlatformSpec]
) -> None:
    """Issue 10, finding 6: failed backup and copy jobs are reported."""
    env = synthesized["prod"]
    vault = _one(env, "AWS::Backup::BackupVault")
    notifications = vault["Notifications"]
    assert notifications["BackupVaultEvents"] == [
        "BACKUP_JOB_COMPLETED", "COPY_JOB_FAILED", "RESTORE_JOB_COMPLETED"
    ]  # fmt: skip
    topics = env.resources("data", "AWS::SNS::Topic")
    assert notifications["SNSTopicArn"] == {"Ref": next(iter(topics))}
    (topic,) = topics.values()
    assert "AlertsKey" in json.dumps(topic["Properties"]["KmsMasterKeyId"])
    (subscription,) = env.resources("data", "AWS::SNS::Subscription").values()
    assert subscription["Properties"]["Endpoint"] == specs["prod"].observability.alarm_email
    (policy,) = env.resources("data", "AWS::SNS::TopicPolicy").values()
    backup_statement = next(
        s for s in policy["Properties"]["PolicyDocument"]["Statement"]
        if s.get("Sid") == "BackupOfThisAccount"
    )  # fmt: skip
    assert backup_statement["Principal"] == {"Service": "backup.amazonaws.com"}


def test_advanced_dynamodb_backup_is_on_before_the_selection(
    synthesized: dict[str, Synthesized],
) -> None:
    """DynamoDB backups are copied across regions only with advanced backup on."""
    env = synthesized["prod"]
    resources = env.json("data")["Resources"]
    ((advanced_id, advanced),) = env.resources("data", "Custom::AWS").items()
    call = json.loads(advanced["Properties"]["Create"])
    assert call["action"] == "updateRegionSettings"
    assert call["parameters"]["ResourceTypeManagementPreference"] == {"DynamoDB": True}
    ((_, selection),) = env.resources("data", "AWS::Backup::BackupSelection").items()
    assert advanced_id in selection["DependsOn"]
    assert resources[advanced_id]["Type"] == "Custom::AWS"
