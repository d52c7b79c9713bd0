"""The one-autoscaler-per-pool rule: a pool is sized by one controller."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.spec.helpers import load, problems


def test_scheduled_node_group_beside_karpenter_pools_passes(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    pools = {p.name: p.autoscaled for p in load(tmp_path, spec_data).cluster.node_pools}
    assert pools == {"spot-workers": True, "on-demand-workers": False}


def test_a_scheduled_pool_karpenter_also_owns_is_refused(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    data["cluster"]["node_pools"][1]["autoscaled"] = True
    found = problems(tmp_path, data)
    assert any(
        "cost.scheduled_scaling.node_pool: node pool 'on-demand-workers' is sized by karpenter"
        in line
        for line in found
    )
    assert any("every pool is owned by Karpenter" in line for line in found)
