"""Karpenter node images are pinned and NodePools carry disruption budgets."""

from __future__ import annotations

import json
from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import Violation
from tests.verify.readiness.fixtures import platform, resource, results, template

RULE = "no-floating-ami-alias"


def _objects(alias: str, budgets: list[dict[str, str]]) -> list[dict[str, Any]]:
    node_class = {
        "kind": "EC2NodeClass",
        "metadata": {"name": "workers"},
        "spec": {"amiSelectorTerms": [{"alias": alias}]},
    }
    pool = {"kind": "NodePool", "metadata": {"name": "workers"}, "spec": {"disruption": {}}}
    if budgets:
        pool["spec"]["disruption"]["budgets"] = budgets
    return [node_class, pool]


def _applied(objects: list[dict[str, Any]]) -> Any:
    manifest = resource(
        "Custom::AWSCDK-EKS-KubernetesResource", ServiceToken="x", Manifest=json.dumps(objects)
    )
    return template("addons", {"NodePools": manifest})


def test_a_pinned_alias_with_budgets_passes(spec: PlatformSpec) -> None:
    target = platform(spec, _applied(_objects("al2023@v20260903", [{"nodes": "10%"}])))
    assert results(RULE, target) == []


def test_latest_and_missing_budgets_fail(spec: PlatformSpec) -> None:
    found = results(RULE, platform(spec, _applied(_objects("al2023@latest", []))))
    assert all(isinstance(f, Violation) for f in found)
    reasons = [f.reason for f in found]
    assert any("EC2NodeClass workers selects AMI alias 'al2023@latest'" in r for r in reasons)
    assert any("NodePool workers has no disruption budgets" in r for r in reasons)


def test_rendered_objects_are_read_too(spec: PlatformSpec) -> None:
    found = results(RULE, platform(spec, objects=_objects("al2023@latest", [{"nodes": "1"}])))
    (violation,) = found
    assert "al2023@latest" in violation.reason
