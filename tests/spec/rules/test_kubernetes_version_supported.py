from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.spec.helpers import load, problems


def test_standard_support_version_passes(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    assert load(tmp_path, spec_data).cluster.kubernetes_version == "1.35"


def test_the_seeds_1_30_is_refused(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["cluster"]["kubernetes_version"] = "1.30"
    (line,) = problems(tmp_path, data)
    assert "environments/prod.yaml:" in line
    assert (
        "cluster.kubernetes_version: Kubernetes 1.30 left EKS standard support on 2025-07-23"
        in line
    )
    assert "Use 1.35" in line


def test_unknown_version_is_refused(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["cluster"]["kubernetes_version"] = "1.99"
    (line,) = problems(tmp_path, data)
    assert "Kubernetes 1.99 is not in the EKS support table" in line
