"""The DR-data stack (strategies that replicate data): the graph's secondary cluster joins the
global database the data stack makes from the primary, in the DR region, encrypted with a key
of that region, in the DR network's database subnets; backup_restore builds neither."""

from __future__ import annotations

import json

from chariot.infra.names import graph_cluster_id, graph_global_id, graph_secondary_id
from chariot.spec.platform_names import pod_security_group_output
from tests.conftest import Synthesized


def test_the_primary_graph_is_the_source_of_a_global_database(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    (database,) = env.resources("data", "AWS::Neptune::GlobalCluster").values()
    props = database["Properties"]
    assert props["GlobalClusterIdentifier"] == graph_global_id(env.spec)
    assert props["DeletionProtection"] is True
    primary = next(
        logical
        for logical, r in env.resources("data", "AWS::Neptune::DBCluster").items()
        if r["Properties"]["DBClusterIdentifier"] == graph_cluster_id(env.spec)
    )
    assert {"Ref": primary} in props["SourceDBClusterIdentifier"]["Fn::Join"][1]
    assert database["DeletionPolicy"] == "Retain"


def test_the_secondary_is_in_the_dr_region_with_a_reader(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    manifest = json.loads((env.outdir / "manifest.json").read_text())
    artifact = manifest["artifacts"]["chariot-prod-dr-data"]
    assert artifact["environment"] == f"aws://{env.spec.account}/{env.spec.dr.dr_region}"
    assert "chariot-prod-data" in artifact["dependencies"]
    resources = env.json("dr-data")["Resources"]
    (cluster,) = [r for r in resources.values() if r["Type"] == "AWS::Neptune::DBCluster"]
    props = cluster["Properties"]
    assert props["DBClusterIdentifier"] == graph_secondary_id(env.spec)
    assert props["GlobalClusterIdentifier"] == graph_global_id(env.spec)
    assert props["EngineVersion"] == env.spec.data.neptune.engine_version
    assert props["StorageEncrypted"] is True
    key = resources[props["KmsKeyId"]["Fn::GetAtt"][0]]
    use = next(
        s for s in key["Properties"]["KeyPolicy"]["Statement"]
        if s["Sid"] == "UseThroughOwningServices"
    )  # fmt: skip
    assert use["Condition"]["StringEquals"]["kms:ViaService"] == [
        f"rds.{env.spec.dr.dr_region}.amazonaws.com"
    ]
    assert props["IamAuthEnabled"] is True
    instances = [r for r in resources.values() if r["Type"] == "AWS::Neptune::DBInstance"]
    assert len(instances) == 1
    assert instances[0]["Properties"]["AvailabilityZone"].startswith(env.spec.dr.dr_region)
    # in the database subnets of the DR region's network, beside the DR cluster
    assert "chariot-prod-dr-network" in artifact["dependencies"]
    assert not [r for r in resources.values() if r["Type"] == "AWS::EC2::VPC"]
    (group,) = [r for r in resources.values() if r["Type"] == "AWS::Neptune::DBSubnetGroup"]
    imports = [s["Fn::ImportValue"] for s in group["Properties"]["SubnetIds"]]
    assert len(imports) == len(env.spec.dr.zones)
    assert all(i.startswith("chariot-prod-dr-network:") and "database" in i for i in imports)


def test_backup_restore_replicates_no_graph(synthesized: dict[str, Synthesized]) -> None:
    env = synthesized["dev"]
    assert not env.resources("data", "AWS::Neptune::GlobalCluster")
    assert not (env.outdir / "chariot-dev-dr-data.template.json").exists()


def test_the_dr_cluster_and_the_dr_pod_groups_reach_the_secondary(
    synthesized: dict[str, Synthesized],
) -> None:
    """The primary's rules in the DR VPC: the DR cluster's security group and one pod security
    group per named service (outputs for the DR manifests' SecurityGroupPolicies)."""
    env = synthesized["prod"]
    resources = env.json("dr-data")["Resources"]
    groups = env.resources("dr-data", "AWS::EC2::SecurityGroup")
    (cluster,) = env.resources("dr-data", "AWS::Neptune::DBCluster").values()
    (graph_group,) = [g["Fn::GetAtt"][0] for g in cluster["Properties"]["VpcSecurityGroupIds"]]
    rules = [
        r["Properties"]
        for r in resources.values()
        if r["Type"] == "AWS::EC2::SecurityGroupIngress"
        and r["Properties"]["GroupId"] == {"Fn::GetAtt": [graph_group, "GroupId"]}
    ]
    assert {r["FromPort"] for r in rules} == {8182}
    sources = [json.dumps(r.get("SourceSecurityGroupId")) for r in rules]
    assert any("chariot-prod-dr-cluster:" in s for s in sources)  # the DR cluster's group
    pod_groups = {k for k in groups if k.startswith("PodSecurityGroup")}
    assert len(pod_groups) == len(env.spec.security.pod_security_groups)
    outputs = env.json("dr-data")["Outputs"]
    assert {
        pod_security_group_output(name) for name in env.spec.security.pod_security_groups
    } <= set(outputs)
