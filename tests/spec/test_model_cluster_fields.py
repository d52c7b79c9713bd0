"""The spec fields the cluster issue added: Istio component sizing, Karpenter timings, chart
version overrides, and Graviton detection."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from chariot.spec.model import GitOps, Karpenter, Mesh, MeshComponent, PlatformSpec, is_graviton


def test_mesh_defaults_are_the_seeds_istio_values() -> None:
    mesh = Mesh()
    assert (mesh.istiod.cpu_request, mesh.istiod.memory_request) == ("500m", "2048Mi")
    assert (mesh.istiod.cpu_limit, mesh.istiod.memory_limit) == ("1000m", "4096Mi")
    assert (mesh.istiod.replicas.min, mesh.istiod.replicas.max) == (2, 10)
    assert (mesh.ingress_gateway.replicas.min, mesh.ingress_gateway.replicas.max) == (2, 10)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"replicas": {"min": 0, "max": 3}}, "1 <= min <= max"),
        ({"replicas": {"min": 4, "max": 3}}, "1 <= min <= max"),
        ({"cpu_request": "3"}, "cpu_request is above cpu_limit"),
        ({"memory_request": "8Gi"}, "memory_request is above memory_limit"),
    ],
)
def test_mesh_component_refuses_impossible_sizing(change: dict[str, Any], reason: str) -> None:
    data = {**Mesh().istiod.model_dump(), **change}
    with pytest.raises(ValidationError, match=reason):
        MeshComponent.model_validate(data)


def test_karpenter_durations() -> None:
    assert Karpenter(consolidate_after="30s", expire_after="Never").expire_after == "Never"
    with pytest.raises(ValidationError):
        Karpenter(expire_after="30 days")


def test_helm_versions_must_look_like_versions(specs: dict[str, PlatformSpec]) -> None:
    cluster = specs["prod"].cluster.model_dump()
    cluster["helm_versions"] = {"keda": "latest"}
    with pytest.raises(ValidationError, match="helm_versions"):
        type(specs["prod"].cluster).model_validate(cluster)


@pytest.mark.parametrize(
    ("instance_type", "arm"),
    [
        ("m7g.large", True),
        ("c6gn.xlarge", True),
        ("t4g.small", True),
        ("m6i.large", False),
        ("g5.xlarge", False),
        ("m5dn.large", False),
    ],
)
def test_is_graviton(instance_type: str, arm: bool) -> None:
    assert is_graviton(instance_type) is arm


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"repository": "http://git.example.com/deploy.git"}, "repository"),
        ({"repository": "https://token@github.com/acme/deploy.git"}, "repository"),
        ({"repository": "https://github.com/acme/deploy.git", "path": "../secrets"}, "no '..'"),
        ({"repository": "https://github.com/acme/deploy.git", "path": "/abs"}, "path"),
        (
            {"repository": "https://github.com/acme/deploy.git", "revision": "main branch"},
            "revision",
        ),
    ],
)
def test_gitops_refuses_insecure_or_escaping_sources(data: dict[str, Any], reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        GitOps.model_validate(data)


def test_gitops_accepts_https_and_ssh() -> None:
    assert GitOps(repository="git@github.com:acme/deploy.git").revision == "main"
    assert GitOps(repository="ssh://git@example.com/deploy.git", path="envs/prod").path
