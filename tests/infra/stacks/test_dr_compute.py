"""The DR region's network and cluster (pilot_light, warm_standby): the primary's stack classes
in dr_region, from the DR network's own VPC, at the strategy's size; backup_restore has none."""

from __future__ import annotations

import json
from typing import Any

from chariot.spec.dr_region import STANDBY_POOL, dr_network, standby_nodes
from tests.conftest import Synthesized


def _artifact(env: Synthesized, part: str) -> dict[str, Any]:
    manifest = json.loads((env.outdir / "manifest.json").read_text())
    artifact: dict[str, Any] = manifest["artifacts"][f"chariot-{env.spec.environment}-{part}"]
    return artifact


def test_warm_standby_has_a_network_and_cluster_in_the_dr_region(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    region = f"aws://{env.spec.account}/{env.spec.dr.dr_region}"
    assert _artifact(env, "dr-network")["environment"] == region
    cluster = _artifact(env, "dr-cluster")
    assert cluster["environment"] == region
    assert "chariot-prod-dr-network" in cluster["dependencies"]
    assert "chariot-prod-network" not in cluster["dependencies"]  # nothing from the primary


def test_the_dr_network_is_the_dr_cidr_with_flow_logs_and_nat(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    (vpc,) = env.resources("dr-network", "AWS::EC2::VPC").values()
    assert vpc["Properties"]["CidrBlock"] == env.spec.dr.vpc_cidr
    subnets = env.resources("dr-network", "AWS::EC2::Subnet").values()
    net = dr_network(env.spec)
    expected = [*net.subnets.public, *net.subnets.private, *net.subnets.database, *net.subnets.pods]
    assert sorted(s["Properties"]["CidrBlock"] for s in subnets) == sorted(expected)
    assert len(env.resources("dr-network", "AWS::EC2::NatGateway")) == len(env.spec.dr.zones)
    assert env.resources("dr-network", "AWS::EC2::FlowLog")


def test_the_dr_cluster_is_named_for_its_region_with_system_and_standby_nodes(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    (cluster,) = env.resources("dr-cluster", "AWS::EKS::Cluster").values()
    name = f"{env.spec.cluster.name}-{env.spec.dr.dr_region}"
    assert cluster["Properties"]["Name"] == name
    (policy,) = env.resources("dr-cluster", "AWS::IAM::ManagedPolicy").values()
    assert policy["Properties"]["ManagedPolicyName"] == f"{name}-endpoint-port-forwarding"
    groups = {
        g["Properties"]["NodegroupName"]: g["Properties"]
        for g in env.resources("dr-cluster", "AWS::EKS::Nodegroup").values()
    }
    assert set(groups) == {"on-demand-workers", STANDBY_POOL}
    assert groups["on-demand-workers"]["ScalingConfig"]["DesiredSize"] == 1
    standby = groups[STANDBY_POOL]
    nodes = standby_nodes(env.spec, "m6i.large")
    assert standby["ScalingConfig"]["DesiredSize"] == standby["ScalingConfig"]["MinSize"] == nodes
    assert standby["CapacityType"] == "ON_DEMAND"


def test_backup_restore_has_no_dr_compute(synthesized: dict[str, Synthesized]) -> None:
    env = synthesized["dev"]
    assert env.spec.dr.strategy == "backup_restore"
    for part in ("dr-network", "dr-cluster"):
        assert not env.template_path(part).exists()


def test_the_dr_region_has_its_own_keys_log_bucket_and_alerts_topic(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    security = _artifact(env, "dr-security")
    assert security["environment"] == f"aws://{env.spec.account}/{env.spec.dr.dr_region}"
    aliases = {
        a["Properties"]["AliasName"]
        for a in env.resources("dr-security", "AWS::KMS::Alias").values()
    }
    # What the DR add-ons and edge encrypt with, under the primary's alias names (the origin
    # secret's replica is named by it); the data keys are the DR stack's replica keys.
    assert aliases == {f"alias/chariot-prod-{d}" for d in ("objects", "secrets", "logs", "alerts")}
    assert len(env.resources("dr-security", "AWS::S3::Bucket")) == 1  # the access logs
    (topic,) = env.resources("dr-security", "AWS::SNS::Topic").values()
    assert topic["Properties"]["TopicName"] == "chariot-prod-alerts"
    assert not env.resources("dr-security", "AWS::CloudTrail::Trail")  # one multi-region trail


def test_the_dr_addons_install_the_mesh_and_its_ingress_on_the_dr_cluster(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    addons = _artifact(env, "dr-addons")
    assert "chariot-prod-dr-cluster" in addons["dependencies"]
    assert "chariot-prod-cluster" not in addons["dependencies"]
    charts = {
        c["Properties"]["Release"]
        for c in env.resources("dr-addons", "Custom::AWSCDK-EKS-HelmChart").values()
    }
    assert {"istiod", "istio-ingressgateway", "aws-load-balancer-controller"} <= charts
    # the DR view runs no right-sizing report (its standby is sized on purpose)
    assert not [k for k in env.json("dr-addons")["Resources"] if k.startswith("rightsizing")]
    assert [k for k in env.json("addons")["Resources"] if k.startswith("rightsizing")]


def test_backup_restore_has_no_dr_platform(synthesized: dict[str, Synthesized]) -> None:
    env = synthesized["dev"]
    assert not list(env.outdir.glob("*-dr-*.template.json"))
