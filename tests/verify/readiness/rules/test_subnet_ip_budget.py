"""The node and pod subnets in the templates hold the spec's maximum."""

from __future__ import annotations

import json
from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import Violation
from tests.verify.readiness.fixtures import platform, resource, results, template

RULE = "subnet-ip-budget"
ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")


def _subnets(prefix: str, cidrs: list[str]) -> dict[str, dict[str, Any]]:
    return {
        f"{prefix}{n}": resource("AWS::EC2::Subnet", CidrBlock=cidr, AvailabilityZone=zone)
        for n, (zone, cidr) in enumerate(zip(ZONES, cidrs, strict=True))
    }


def _platform(spec: PlatformSpec, custom: bool) -> Any:
    nodes = _subnets("Node", ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"])
    pods = _subnets("Pod", ["100.64.0.0/18", "100.64.64.0/18", "100.64.128.0/18"])
    group = resource("AWS::EKS::Nodegroup", Subnets=[{"Ref": k} for k in nodes])
    env = {"ENABLE_PREFIX_DELEGATION": "true", "ENABLE_POD_ENI": "true"}
    resources: dict[str, Any] = {**nodes, **pods, "Group": group}
    if custom:
        env["AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG"] = "true"
        parts: list[Any] = ['[{"kind":"ENIConfig","spec":{"subnet":"']
        for key in pods:
            parts += [{"Ref": key}, '"}},{"kind":"ENIConfig","spec":{"subnet":"']
        manifest = {"Fn::Join": ["", [*parts, '"}}]']]}
        resources["EniConfigs"] = resource(
            "Custom::AWSCDK-EKS-KubernetesResource", ServiceToken="x", Manifest=manifest
        )
    resources["VpcCni"] = resource(
        "AWS::EKS::Addon", AddonName="vpc-cni", ConfigurationValues=json.dumps({"env": env})
    )
    return platform(spec, template("cluster", resources))


def test_pod_subnets_with_custom_networking_hold_prod(spec: PlatformSpec) -> None:
    assert results(RULE, _platform(spec, custom=True)) == []


def test_the_seeds_24s_without_custom_networking_fail_with_the_numbers(spec: PlatformSpec) -> None:
    found = results(RULE, _platform(spec, custom=False))
    assert len(found) == 3  # one per zone
    first = found[0]
    assert isinstance(first, Violation)
    assert first.subject.logical_id == "Node0"  # type: ignore[union-attr]
    assert "node subnet 10.0.1.0/24 cannot hold the spec's maximum in one zone" in first.reason
    assert "54 nodes 54" in first.reason
    assert "251 usable" in first.reason
