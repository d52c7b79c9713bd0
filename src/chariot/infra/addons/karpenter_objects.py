"""Karpenter's EC2NodeClass and NodePool objects, built as data from the spec's node pools.

Pure functions (no CDK) so the objects can be validated against the pinned Karpenter CRDs.
Each spec node pool becomes one NodePool with the same labels, taints, instance types and
capacity type, so a pod that fits a managed node group also fits what Karpenter launches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chariot.spec import instance_types as instances
from chariot.spec.model import Karpenter, NodePool, is_graviton

API_KARPENTER = "karpenter.sh/v1"
API_NODE_CLASS = "karpenter.k8s.aws/v1"


@dataclass(frozen=True)
class NodeClassInputs:
    """What an EC2NodeClass needs from the deployed platform (tokens at synth time)."""

    role: str
    subnet_ids: list[str]
    security_group_ids: list[str]
    cluster_name: str
    prefix_delegation: bool = False


def max_pods(types: list[str]) -> int:
    """The pod ceiling of the smallest type with prefix delegation (110 below 30 vCPUs, 250 from
    there on). Without it the AMI caps pods at the ENI limit (29 on an m6i.large), wasting the
    prefixes."""
    return min(instances.max_pods(t, prefix_delegation=True) for t in types)


def architectures(types: list[str]) -> list[str]:
    return sorted({"arm64" if is_graviton(t) else "amd64" for t in types})


def node_class(
    pool: NodePool, inputs: NodeClassInputs, settings: Karpenter | None = None
) -> dict[str, Any]:
    """IMDSv2 only (hop limit 1), encrypted gp3 root volume of the pool's size, AL2023."""
    spec: dict[str, Any] = {
        "role": inputs.role,
        "amiSelectorTerms": [{"alias": (settings or Karpenter()).ami_alias}],
        "subnetSelectorTerms": [{"id": s} for s in inputs.subnet_ids],
        "securityGroupSelectorTerms": [{"id": g} for g in inputs.security_group_ids],
        "metadataOptions": {
            "httpEndpoint": "enabled",
            "httpProtocolIPv6": "disabled",
            "httpPutResponseHopLimit": 1,
            "httpTokens": "required",
        },
        "blockDeviceMappings": [
            {
                "deviceName": "/dev/xvda",
                "ebs": {
                    "volumeSize": f"{pool.disk_size_gib}Gi",
                    "volumeType": "gp3",
                    "encrypted": True,
                    "deleteOnTermination": True,
                },
            }
        ],
        "detailedMonitoring": True,
        "tags": {"karpenter.sh/discovery": inputs.cluster_name},
    }
    if inputs.prefix_delegation:
        types = instances.pool_instance_types(pool, settings.graviton if settings else False)
        spec["kubelet"] = {"maxPods": max_pods(types)}
    return {
        "apiVersion": API_NODE_CLASS,
        "kind": "EC2NodeClass",
        "metadata": {"name": pool.name},
        "spec": spec,
    }


def node_pool(pool: NodePool, settings: Karpenter) -> dict[str, Any]:
    """A NodePool mirroring the managed node group `pool`, capped at its max size in vCPUs."""
    types = instances.pool_instance_types(pool, settings.graviton)
    capacity = "spot" if pool.capacity_type == "SPOT" else "on-demand"
    template_metadata: dict[str, Any] = {"labels": dict(pool.labels)} if pool.labels else {}
    template_spec: dict[str, Any] = {
        "nodeClassRef": {"group": "karpenter.k8s.aws", "kind": "EC2NodeClass", "name": pool.name},
        "requirements": [
            {"key": "karpenter.sh/capacity-type", "operator": "In", "values": [capacity]},
            {"key": "node.kubernetes.io/instance-type", "operator": "In", "values": types},
            {"key": "kubernetes.io/arch", "operator": "In", "values": architectures(types)},
            {"key": "kubernetes.io/os", "operator": "In", "values": ["linux"]},
        ],
        "expireAfter": settings.expire_after,
    }
    if pool.taints:
        template_spec["taints"] = [
            {"key": t.key, "value": t.value, "effect": t.effect.value} for t in pool.taints
        ]
    return {
        "apiVersion": API_KARPENTER,
        "kind": "NodePool",
        "metadata": {"name": pool.name},
        "spec": {
            "template": {"metadata": template_metadata, "spec": template_spec},
            "disruption": {
                "consolidationPolicy": (
                    "WhenEmptyOrUnderutilized" if settings.consolidation else "WhenEmpty"
                ),
                "consolidateAfter": settings.consolidate_after,
                # Drift (a new AMI pin), expiry and consolidation replace at most this many.
                "budgets": [{"nodes": settings.disruption_budget}],
            },
            "limits": {"cpu": str(pool.max_size * max(instances.vcpus(t) for t in types))},
        },
    }


def objects(
    pools: list[NodePool], settings: Karpenter, inputs: NodeClassInputs
) -> list[dict[str, Any]]:
    """Every EC2NodeClass, then every NodePool (a NodePool refers to its class by name)."""
    classes = [node_class(p, inputs, settings) for p in pools]
    return classes + [node_pool(p, settings) for p in pools]
