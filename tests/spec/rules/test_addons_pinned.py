"""The addons-pinned rule: add-ons EKS versions per Kubernetes release resolve to a pin."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from chariot.spec import addon_versions
from chariot.spec.addon_versions import addon_version
from tests.spec.helpers import load, problems


def _addon(data: dict[str, Any], name: str) -> tuple[int, dict[str, Any]]:
    addons = data["cluster"]["addons"]
    index = next(i for i, a in enumerate(addons) if a["name"] == name)
    return index, addons[index]


def test_prod_resolves_every_documented_addon_from_the_table(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    spec = load(tmp_path, spec_data)
    versions = {a.name: addon_version(a, "1.35") for a in spec.cluster.addons}
    assert versions["vpc-cni"] == "v1.21.1-eksbuild.7"
    assert versions["coredns"] == "v1.14.2-eksbuild.4"
    assert versions["kube-proxy"] == "v1.35.3-eksbuild.2"


def test_the_specs_pin_wins_over_the_table(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    _, coredns = _addon(data, "coredns")
    coredns["version"] = "v1.14.2-eksbuild.9"
    spec = load(tmp_path, data)
    (resolved,) = [addon_version(a, "1.35") for a in spec.cluster.addons if a.name == "coredns"]
    assert resolved == "v1.14.2-eksbuild.9"


def test_a_kubernetes_version_without_a_row_needs_a_pin(
    tmp_path: Path, spec_data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(addon_versions.PINNED, "coredns", {"1.34": "v1.13.2-eksbuild.7"})
    index, _ = _addon(spec_data, "coredns")
    (line,) = problems(tmp_path, spec_data)
    assert line.split(": ", 1)[1].startswith(
        f"cluster.addons[{index}].version: coredns has no pinned version for Kubernetes 1.35 in "
        "chariot.spec.addon_versions"
    )
    assert "aws eks describe-addon-versions --addon-name coredns --kubernetes-version 1.35" in line


def test_kube_proxy_must_match_the_cluster_version(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    index, kube_proxy = _addon(data, "kube-proxy")
    kube_proxy["version"] = "v1.34.6-eksbuild.2"
    (line,) = problems(tmp_path, data)
    assert line.endswith(
        f"cluster.addons[{index}].version: kube-proxy v1.34.6-eksbuild.2 does not match the "
        "cluster's Kubernetes 1.35: use a v1.35.x-eksbuild.N version"
    )


def test_an_addon_outside_the_table_may_stay_unpinned(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    spec = load(tmp_path, spec_data)
    (metrics,) = [a for a in spec.cluster.addons if a.name == "metrics-server"]
    assert addon_version(metrics, "1.35") is None
