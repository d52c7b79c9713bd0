"""Managed node groups as synthesized: the seed's pools, IMDSv2, encrypted gp3 roots, no SSH."""

from __future__ import annotations

from typing import Any

import pytest

from chariot.infra.eks.node_groups import ami_type
from chariot.spec.model import NodePool, is_graviton

pytestmark = pytest.mark.synth


def _groups(synth: Any) -> dict[str, dict[str, Any]]:
    groups = synth.resources("cluster", "AWS::EKS::Nodegroup").values()
    return {g["Properties"]["NodegroupName"]: g["Properties"] for g in groups}


def _launch_template(synth: Any, group: dict[str, Any]) -> dict[str, Any]:
    logical_id = group["LaunchTemplate"]["Id"]["Ref"]
    data: dict[str, Any] = synth.json("cluster")["Resources"][logical_id]["Properties"][
        "LaunchTemplateData"
    ]
    return data


def test_spot_workers_belong_to_karpenter_alone(synthesized: dict[str, Any]) -> None:
    # One owner per pool: under Karpenter the autoscaled spot pool is a NodePool, no node group.
    assert set(_groups(synthesized["prod"])) == {"on-demand-workers"}


def test_under_cluster_autoscaler_spot_workers_are_the_seeds(variant: Any) -> None:
    spot = _groups(variant)["spot-workers"]
    assert spot["CapacityType"] == "SPOT"
    assert spot["InstanceTypes"] == ["m6i.large", "m6i.xlarge", "m5.large", "m5.xlarge"]
    assert spot["ScalingConfig"] == {"MinSize": 1, "MaxSize": 20, "DesiredSize": 3}
    assert spot["Labels"] == {"workload-type": "batch-processing", "cost-optimization": "spot"}
    assert spot["Taints"] == [{"Key": "spot-instance", "Value": "true", "Effect": "NO_SCHEDULE"}]
    assert spot["Tags"]["k8s.io/cluster-autoscaler/enabled"] == "true"
    # The scheduled pool is not autoscaled: cluster-autoscaler does not discover it.
    assert "k8s.io/cluster-autoscaler/enabled" not in _groups(variant)["on-demand-workers"].get(
        "Tags", {}
    )


def test_on_demand_workers_hold_the_plan(synthesized: dict[str, Any]) -> None:
    on_demand = _groups(synthesized["prod"])["on-demand-workers"]
    assert on_demand["CapacityType"] == "ON_DEMAND"
    assert on_demand["InstanceTypes"] == ["m6i.large"]
    assert on_demand["ScalingConfig"] == {"MinSize": 1, "MaxSize": 14, "DesiredSize": 7}
    assert on_demand["Labels"]["workload-type"] == "critical-services"
    assert on_demand.get("Taints", []) == []


def test_dev_is_scaled_down(synthesized: dict[str, Any]) -> None:
    on_demand = _groups(synthesized["dev"])["on-demand-workers"]
    assert on_demand["ScalingConfig"] == {"MinSize": 1, "MaxSize": 3, "DesiredSize": 1}


@pytest.mark.parametrize("env", ["prod", "dev"])
def test_imdsv2_required_and_root_volume_encrypted_gp3(
    synthesized: dict[str, Any], env: str
) -> None:
    synth = synthesized[env]
    for name, group in _groups(synth).items():
        data = _launch_template(synth, group)
        assert data["MetadataOptions"]["HttpTokens"] == "required", name
        assert data["MetadataOptions"]["HttpPutResponseHopLimit"] == 1, name
        (device,) = data["BlockDeviceMappings"]
        size = next(p.disk_size_gib for p in synth.spec.cluster.node_pools if p.name == name)
        assert device["Ebs"] == {
            "DeleteOnTermination": True,
            "Encrypted": True,
            "VolumeSize": size,
            "VolumeType": "gp3",
        }


@pytest.mark.parametrize("env", ["prod", "dev"])
def test_no_ssh_anywhere(synthesized: dict[str, Any], env: str) -> None:
    synth = synthesized[env]
    for group in _groups(synth).values():
        assert "RemoteAccess" not in group
        assert "KeyName" not in _launch_template(synth, group)
        assert group["AmiType"] == "AL2023_x86_64_STANDARD"
        assert "DiskSize" not in group  # the launch template sizes the root volume


def test_node_role_can_use_session_manager_and_nothing_for_networking(
    synthesized: dict[str, Any],
) -> None:
    synth = synthesized["prod"]
    group = next(iter(_groups(synth).values()))
    role_id = group["NodeRole"]["Fn::GetAtt"][0]
    role = synth.json("cluster")["Resources"][role_id]["Properties"]
    policies = [a["Fn::Join"][1][-1].rsplit("/", 1)[-1] for a in role["ManagedPolicyArns"]]
    assert "AmazonSSMManagedInstanceCore" in policies
    assert "AmazonEKS_CNI_Policy" not in policies


def test_node_groups_wait_for_the_cni_configuration(synthesized: dict[str, Any]) -> None:
    """Prefix delegation must be on before nodes join, or their max-pods is the ENI limit."""
    synth = synthesized["prod"]
    resources = synth.json("cluster")["Resources"]
    cni = next(
        k
        for k, r in resources.items()
        if r["Type"] == "AWS::EKS::Addon" and r["Properties"]["AddonName"] == "vpc-cni"
    )
    for logical_id, resource in synth.resources("cluster", "AWS::EKS::Nodegroup").items():
        assert cni in resource["DependsOn"], logical_id


def _pool(types: list[str]) -> NodePool:
    return NodePool(
        name="p",
        instance_types=types,
        capacity_type="ON_DEMAND",
        min_size=0,
        max_size=1,
        desired_size=0,
    )


def test_graviton_pools_get_the_arm_ami_and_mixed_pools_are_refused() -> None:
    assert is_graviton("m7g.large")
    assert is_graviton("c6gn.xlarge")
    assert not is_graviton("m6i.large")
    assert ami_type(_pool(["m7g.large"])).value == "AL2023_ARM_64_STANDARD"
    with pytest.raises(ValueError, match="mixes Graviton and x86"):
        ami_type(_pool(["m7g.large", "m6i.large"]))
