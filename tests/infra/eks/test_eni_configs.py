"""ENIConfigs for VPC CNI custom networking: one per zone, applied before any node joins."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chariot.infra.eks.eni_configs import eni_configs


def test_one_eniconfig_per_zone_named_by_zone() -> None:
    objects = eni_configs(["us-east-1a", "us-east-1b"], ["subnet-a", "subnet-b"], ["sg-c"])
    assert [o["metadata"]["name"] for o in objects] == ["us-east-1a", "us-east-1b"]
    assert objects[1]["spec"] == {"subnet": "subnet-b", "securityGroups": ["sg-c"]}
    assert {o["apiVersion"] for o in objects} == {"crd.k8s.amazonaws.com/v1alpha1"}


def test_zones_and_subnets_must_pair_up() -> None:
    with pytest.raises(ValueError, match="zip"):
        eni_configs(["us-east-1a"], ["subnet-a", "subnet-b"], ["sg-c"])


@pytest.mark.synth
def test_eniconfigs_come_after_vpc_cni_and_before_node_groups(synthesized: dict[str, Any]) -> None:
    resources = synthesized["prod"].json("cluster")["Resources"]
    (eni_id,) = [k for k in resources if k.startswith("EniConfigs")]
    eni = resources[eni_id]
    cni_id = next(
        k
        for k, r in resources.items()
        if r["Type"] == "AWS::EKS::Addon" and r["Properties"]["AddonName"] == "vpc-cni"
    )
    assert cni_id in eni["DependsOn"]
    manifest = json.dumps(eni["Properties"]["Manifest"])
    for zone in ("us-east-1a", "us-east-1b", "us-east-1c"):
        assert f'\\"name\\":\\"{zone}\\"' in manifest
    assert "PodSubnet1SubnetId" in manifest
    for group in (r for r in resources.values() if r["Type"] == "AWS::EKS::Nodegroup"):
        assert eni_id in group["DependsOn"]
