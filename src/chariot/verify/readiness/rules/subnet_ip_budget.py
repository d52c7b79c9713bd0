"""The subnets nodes and pods actually use hold the spec's maximum (one zone's worst case).

The subnets are read from the templates: the node subnets are those the managed node groups
launch into, the pod subnets those the ENIConfigs name, and custom networking counts only when
the vpc-cni add-on's configuration turns it on and ENIConfigs exist. The demand (nodes, prefix
or ENI addresses, branch ENIs, endpoints, load balancers, Lambda and control-plane ENIs) is
counted by `chariot.spec.ip_budget`, whose docstring cites each number's source.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from chariot.spec.ip_budget import UnknownInstanceTypeError, budgets
from chariot.verify.readiness.base import (
    NotApplicable,
    Platform,
    Resource,
    Result,
    Violation,
)

MANIFEST = "Custom::AWSCDK-EKS-KubernetesResource"


def _subnet(platform: Platform, resource: Resource, value: object) -> Resource | None:
    target = platform.target(resource.template, value)
    return target.resource if target and target.resource.type == "AWS::EC2::Subnet" else None


def _by_zone(subnets: list[Resource]) -> list[Resource]:
    unique = {id(s): s for s in subnets}.values()
    return sorted(unique, key=lambda s: str(s.get("AvailabilityZone")))


def node_subnets(platform: Platform) -> list[Resource]:
    found = []
    for group in platform.resources("AWS::EKS::Nodegroup"):
        for value in group.get("Subnets") or []:
            subnet = _subnet(platform, group, value)
            if subnet is not None:
                found.append(subnet)
    return _by_zone(found)


def pod_subnets(platform: Platform) -> list[Resource]:
    """Subnets named by ENIConfigs (their subnet id is a token inside the manifest text)."""
    found = []
    for manifest in platform.resources(MANIFEST):
        raw = manifest.get("Manifest")
        parts = raw.get("Fn::Join", ["", []])[1] if isinstance(raw, dict) else []
        if "ENIConfig" not in json.dumps(raw):
            continue
        for part in parts:
            subnet = _subnet(platform, manifest, part)
            if subnet is not None:
                found.append(subnet)
    return _by_zone(found)


def _custom_networking(platform: Platform) -> bool:
    for addon in platform.resources("AWS::EKS::Addon"):
        config = platform.json_property(addon, "ConfigurationValues") or {}
        env = config.get("env") or {}
        if (
            addon.get("AddonName") == "vpc-cni"
            and env.get("AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG") == "true"
        ):
            return True
    return False


def check(platform: Platform) -> Iterator[Result]:
    nodes = node_subnets(platform)
    if not nodes:
        return
    pods = pod_subnets(platform) if _custom_networking(platform) else []
    cidrs = {id(s): s.get("CidrBlock") for s in [*nodes, *pods]}
    if not all(isinstance(c, str) for c in cidrs.values()):
        yield NotApplicable(nodes[0], "a subnet's CIDR is not a literal in the template")
        return
    spec = platform.spec
    subnets = spec.network.subnets.model_copy(
        update={"private": [cidrs[id(s)] for s in nodes], "pods": [cidrs[id(s)] for s in pods]}
    )
    actual = spec.model_copy(
        update={"network": spec.network.model_copy(update={"subnets": subnets})}
    )
    by_cidr = {cidrs[id(s)]: s for s in [*nodes, *pods]}
    try:
        found = budgets(actual)
    except UnknownInstanceTypeError as exc:
        yield NotApplicable(nodes[0], str(exc))
        return
    for budget in found:
        if budget.required > budget.capacity:
            yield Violation(
                by_cidr[budget.cidr],
                f"{budget.kind} subnet {budget.cidr} cannot hold the spec's maximum in one zone: "
                f"{budget.summary()}",
            )
