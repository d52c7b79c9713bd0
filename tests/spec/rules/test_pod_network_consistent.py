"""The pod-network-consistent rule: pod subnets, the secondary CIDR and custom networking."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.spec.helpers import load, problems


def test_prod_is_consistent(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    assert load(tmp_path, spec_data).network.pod_cidr == "100.64.0.0/16"


def test_pod_subnets_without_custom_networking_are_refused(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    del data["cluster"]["addons"][0]["configuration"]["env"]["AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG"]
    (line,) = problems(tmp_path, data)
    assert "env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: pod subnets are set but" in line


def test_a_pod_subnet_outside_the_pod_cidr_is_refused(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    data["network"]["subnets"]["pods"][2] = "100.99.0.0/18"
    (line,) = problems(tmp_path, data)
    assert "network.subnets.pods[2]: 100.99.0.0/18 is outside network.pod_cidr" in line
