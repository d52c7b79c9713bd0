from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.spec.helpers import load, problems


def test_off_mesh_profiles_pass(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    profiles = load(tmp_path, spec_data).cluster.fargate_profiles
    assert [p.name for p in profiles] == ["karpenter", "batch-offmesh"]


def test_meshed_service_pinned_to_fargate(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["services"][1]["compute"] = "fargate"
    (line,) = problems(tmp_path, data)
    assert "services/01-svc.yaml" in line
    assert "compute: service 'users' is meshed and pinned to Fargate: Istio cannot mesh" in line


def test_non_meshed_service_may_use_fargate(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["services"][1].update(
        compute="fargate", meshed=False, namespace="batch", kind="background"
    )
    assert load(tmp_path, data).service("users").compute == "fargate"


def test_profile_selecting_a_meshed_namespace(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["cluster"]["fargate_profiles"].append(
        {"name": "microservices", "selectors": [{"namespace": "microservices"}]}
    )
    (line,) = problems(tmp_path, data)
    assert line.endswith(
        "cluster.fargate_profiles[2].selectors[0].namespace: Fargate profile 'microservices' "
        "selects the meshed namespace 'microservices': Istio cannot mesh Fargate pods "
        "(no NET_ADMIN, no DaemonSets; aws/containers-roadmap#682)"
    )


def test_the_seeds_system_profile_is_refused(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["cluster"]["fargate_profiles"].append(
        {
            "name": "system",
            "selectors": [{"namespace": "kube-system"}, {"namespace": "istio-system"}],
        }
    )
    (line,) = problems(tmp_path, data)
    assert "selectors[1].namespace: Fargate profile 'system' selects the meshed namespace" in line
