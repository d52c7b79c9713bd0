"""The instance-types-known rule: every type a pool may launch has a row of facts."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.spec.helpers import load, problems


def test_known_types_pass(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    assert load(tmp_path, spec_data).cluster.node_pools[0].instance_types[0] == "m6i.large"


def test_an_unknown_type_is_refused_with_the_table_to_extend(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    data["cluster"]["node_pools"][0]["instance_types"] = ["m6i.large", "m6i.metal"]
    (line,) = problems(tmp_path, data)
    assert line.endswith(
        "cluster.node_pools[0].instance_types: 'm6i.metal' has no row in "
        "chariot.spec.instance_types (vCPUs, memory, max pods): add one, or pick a known type"
    )


def test_karpenter_graviton_needs_the_equivalent_row(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    data["cluster"]["karpenter"]["graviton"] = True
    load(tmp_path, data)  # m6i -> m7g and m5 -> m6g are known
    data["cluster"]["node_pools"][0]["instance_types"] = ["c5.large"]
    assert [line.split(": ", 2)[2] for line in problems(tmp_path, data)] == [
        "'c5.large' has no row in chariot.spec.instance_types (vCPUs, memory, max pods): add "
        "one, or pick a known type",
        "'c6g.large' (the Graviton equivalent) has no row in chariot.spec.instance_types (vCPUs, "
        "memory, max pods): add one, or pick a known type",
    ]
