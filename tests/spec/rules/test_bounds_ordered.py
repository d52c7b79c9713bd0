from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.spec.helpers import load, problems


def test_ordered_bounds_pass(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    assert load(tmp_path, spec_data).tiers["critical"].replicas.max == 100  # type: ignore[index]


def test_min_above_max_replicas(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["tiers"]["standard"]["replicas"] = {"min": 60, "max": 50}
    (line,) = problems(tmp_path, data)
    assert line.endswith("tiers.standard.replicas: min replicas 60 > max replicas 50")


def test_node_pool_desired_outside_bounds(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["cluster"]["node_pools"][0]["desired_size"] = 25
    (line,) = problems(tmp_path, data)
    assert line.endswith("cluster.node_pools[0].desired_size: desired_size 25 is outside 1..20")


def test_table_autoscaling_min_above_max(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    scaling = data["services"][2]["data"]["table"]["provisioned"]["autoscaling"]
    scaling["min_capacity"] = 2000
    (line,) = problems(tmp_path, data)
    assert "services/02-svc.yaml" in line
    assert line.endswith("min_capacity 2000 > max_capacity 1000")
