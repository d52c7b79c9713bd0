from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.spec.helpers import load, problems


def test_known_references_pass(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    assert load(tmp_path, spec_data).service("vulnerabilities").depends_on == ["assets"]


def test_unknown_dependency_and_pod_security_group(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    data["services"][2]["depends_on"] = ["billing"]
    data["security"]["pod_security_groups"].append("billing")
    lines = problems(tmp_path, data)
    assert any(line.endswith("depends_on[0]: unknown service 'billing'") for line in lines)
    assert any(
        line.endswith("security.pod_security_groups[3]: unknown service 'billing'")
        for line in lines
    )


def test_scheduled_scaling_needs_a_real_pool(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["cost"]["scheduled_scaling"]["node_pool"] = "gpu"
    (line,) = problems(tmp_path, data)
    assert "cost.scheduled_scaling.node_pool: 'gpu' is not a node pool" in line
