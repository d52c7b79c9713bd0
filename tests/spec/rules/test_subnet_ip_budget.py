"""The subnet-ip-budget rule: every zone's subnets hold the spec's maximum, with the numbers."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from chariot.spec.ip_budget import budgets, pool_nodes
from tests.spec.helpers import load, problems


def _seed_network(data: dict[str, Any]) -> dict[str, Any]:
    """The seed's layout: pods in the /24 private subnets (no secondary CIDR)."""
    data = copy.deepcopy(data)
    del data["network"]["pod_cidr"]
    data["network"]["subnets"]["pods"] = []
    env = data["cluster"]["addons"][0]["configuration"]["env"]
    del env["AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG"], env["ENI_CONFIG_LABEL_DEF"]
    return data


def test_prod_with_pod_subnets_holds_its_maximum(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    spec = load(tmp_path, spec_data)
    node, pod = budgets(spec)[:2]
    assert (node.kind, node.required, node.capacity) == ("node", 69, 251)
    assert (pod.kind, pod.required, pod.capacity) == ("pod", 7112, 16379)
    # Karpenter's spot pool: 20 x 4 vCPUs filled with 2-vCPU nodes; the node group: max_size.
    assert [pool_nodes(spec, p) for p in spec.cluster.node_pools] == [40, 14]


def test_the_seeds_24s_are_refused_with_the_numbers(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    found = problems(tmp_path, _seed_network(spec_data))
    assert len(found) == 3  # one per zone
    assert "network.subnets.private[0]: the node subnet cannot hold" in found[0]
    assert "7181 addresses needed (54 nodes 54" in found[0]
    assert "pod addresses 6912, branch ENIs 200), 251 usable in 10.0.1.0/24" in found[0]


def test_a_small_pool_fits_the_seeds_24s(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = _seed_network(spec_data)
    del data["cluster"]["addons"][0]["configuration"]["env"]["ENABLE_PREFIX_DELEGATION"]
    for pool in data["cluster"]["node_pools"]:
        pool.update(min_size=1, max_size=1, desired_size=1)
    data["cost"]["scheduled_scaling"]["business_hours"]["desired"] = 1
    data["cost"]["scheduled_scaling"]["off_hours"]["desired"] = 1
    data["tiers"] = {k: {**v, "replicas": {"min": 1, "max": 2}} for k, v in data["tiers"].items()}
    load(tmp_path, data)
