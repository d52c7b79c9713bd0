"""Karpenter's EC2NodeClass and NodePools: built from the spec, valid against the pinned CRDs."""

from __future__ import annotations

import copy

import pytest

from chariot.infra.addons.karpenter_objects import (
    NodeClassInputs,
    max_pods,
    node_class,
    node_pool,
    objects,
)
from chariot.spec.instance_types import pool_instance_types as instance_types
from chariot.spec.model import Karpenter, PlatformSpec
from tests.infra.crd_schema import errors

INPUTS = NodeClassInputs(
    role="chariot-node-role",
    subnet_ids=["subnet-0a", "subnet-0b", "subnet-0c"],
    security_group_ids=["sg-0cluster"],
    cluster_name="chariot-microservices-cluster",
    prefix_delegation=True,
)


@pytest.mark.parametrize("env", ["prod", "dev"])
def test_every_object_validates_against_the_crds(specs: dict[str, PlatformSpec], env: str) -> None:
    cluster = specs[env].cluster
    rendered = objects(cluster.node_pools, cluster.karpenter, INPUTS)
    assert [o["kind"] for o in rendered].count("NodePool") == len(cluster.node_pools)
    for obj in rendered:
        assert errors(obj) == [], obj["metadata"]["name"]


def test_the_validator_rejects_what_the_api_server_would(specs: dict[str, PlatformSpec]) -> None:
    pool = node_pool(specs["prod"].cluster.node_pools[0], Karpenter())
    unknown_field = copy.deepcopy(pool)
    unknown_field["spec"]["disruption"]["circuitBreaker"] = True
    bad_enum = copy.deepcopy(pool)
    bad_enum["spec"]["disruption"]["consolidationPolicy"] = "Always"
    assert any("circuitBreaker" in e for e in errors(unknown_field))
    assert any("Always" in e for e in errors(bad_enum))


def test_spot_pool_mirrors_the_seed_node_group(specs: dict[str, PlatformSpec]) -> None:
    spot = next(p for p in specs["prod"].cluster.node_pools if p.name == "spot-workers")
    pool = node_pool(spot, Karpenter())
    template = pool["spec"]["template"]
    requirements = {r["key"]: r["values"] for r in template["spec"]["requirements"]}
    assert requirements["karpenter.sh/capacity-type"] == ["spot"]
    assert requirements["node.kubernetes.io/instance-type"] == [
        "m6i.large",
        "m6i.xlarge",
        "m5.large",
        "m5.xlarge",
    ]
    assert requirements["kubernetes.io/arch"] == ["amd64"]
    assert template["metadata"]["labels"]["workload-type"] == "batch-processing"
    assert template["spec"]["taints"] == [
        {"key": "spot-instance", "value": "true", "effect": "NoSchedule"}
    ]
    # 20 nodes of at most 4 vCPUs (xlarge).
    assert pool["spec"]["limits"] == {"cpu": "80"}


def test_on_demand_pool_consolidates_when_underutilized(specs: dict[str, PlatformSpec]) -> None:
    on_demand = next(p for p in specs["prod"].cluster.node_pools if p.capacity_type == "ON_DEMAND")
    pool = node_pool(on_demand, specs["prod"].cluster.karpenter)
    requirements = {r["key"]: r["values"] for r in pool["spec"]["template"]["spec"]["requirements"]}
    assert requirements["karpenter.sh/capacity-type"] == ["on-demand"]
    assert pool["spec"]["disruption"]["consolidationPolicy"] == "WhenEmptyOrUnderutilized"
    assert "taints" not in pool["spec"]["template"]["spec"]
    without = node_pool(on_demand, Karpenter(consolidation=False))
    assert without["spec"]["disruption"]["consolidationPolicy"] == "WhenEmpty"


def test_graviton_adds_arm_equivalents_and_the_arm64_architecture(
    specs: dict[str, PlatformSpec],
) -> None:
    spot = next(p for p in specs["prod"].cluster.node_pools if p.name == "spot-workers")
    assert instance_types(spot, graviton=True) == [
        "m6i.large",
        "m6i.xlarge",
        "m5.large",
        "m5.xlarge",
        "m7g.large",
        "m7g.xlarge",
        "m6g.large",
        "m6g.xlarge",
    ]
    pool = node_pool(spot, Karpenter(graviton=True))
    requirements = {r["key"]: r["values"] for r in pool["spec"]["template"]["spec"]["requirements"]}
    assert requirements["kubernetes.io/arch"] == ["amd64", "arm64"]
    assert errors(pool) == []


def test_node_class_requires_imdsv2_and_encrypts_the_root_volume(
    specs: dict[str, PlatformSpec],
) -> None:
    pool = specs["prod"].cluster.node_pools[0]
    spec = node_class(pool, INPUTS)["spec"]
    assert spec["metadataOptions"]["httpTokens"] == "required"
    assert spec["metadataOptions"]["httpPutResponseHopLimit"] == 1
    (device,) = spec["blockDeviceMappings"]
    assert device["ebs"] == {
        "volumeSize": f"{pool.disk_size_gib}Gi",
        "volumeType": "gp3",
        "encrypted": True,
        "deleteOnTermination": True,
    }
    assert spec["subnetSelectorTerms"] == [{"id": s} for s in INPUTS.subnet_ids]
    assert spec["securityGroupSelectorTerms"] == [{"id": "sg-0cluster"}]
    assert spec["role"] == INPUTS.role


def test_prefix_delegation_raises_the_pod_ceiling(specs: dict[str, PlatformSpec]) -> None:
    pool = specs["prod"].cluster.node_pools[0]
    assert node_class(pool, INPUTS)["spec"]["kubelet"] == {"maxPods": 110}
    without = NodeClassInputs(
        role="r", subnet_ids=["s"], security_group_ids=["g"], cluster_name="c"
    )
    assert "kubelet" not in node_class(pool, without)["spec"]
    assert max_pods(["m6i.8xlarge"]) == 250
    assert max_pods(["m6i.large", "m6i.8xlarge"]) == 110


def test_the_node_image_is_pinned_and_replacement_is_budgeted(
    specs: dict[str, PlatformSpec],
) -> None:
    cluster = specs["prod"].cluster
    (cls,) = [node_class(cluster.node_pools[0], INPUTS, cluster.karpenter)]
    alias = cls["spec"]["amiSelectorTerms"][0]["alias"]
    assert alias.startswith("al2023@v")
    assert alias == cluster.karpenter.ami_alias
    pool = node_pool(cluster.node_pools[0], cluster.karpenter)
    assert pool["spec"]["disruption"]["budgets"] == [{"nodes": "10%"}]
    assert errors(pool) == []
