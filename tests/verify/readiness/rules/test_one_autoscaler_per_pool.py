"""A node group shares its pool with no Karpenter NodePool and no second scaler."""

from __future__ import annotations

import json
from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import Violation
from tests.verify.readiness.fixtures import platform, resource, results, template

RULE = "one-autoscaler-per-pool"
LABELS = {"workload-type": "critical-services"}


def _nodepool(labels: dict[str, str]) -> dict[str, Any]:
    return {
        "kind": "NodePool",
        "metadata": {"name": "spot-workers"},
        "spec": {"template": {"metadata": {"labels": labels}}},
    }


def _group(tags: dict[str, str] | None = None) -> dict[str, Any]:
    return resource(
        "AWS::EKS::Nodegroup", NodegroupName="on-demand-workers", Labels=LABELS, Tags=tags or {}
    )


def _schedule() -> dict[str, Any]:
    body = {"ClusterName": "c", "NodegroupName": "on-demand-workers"}
    target = {
        "Arn": "arn:aws:scheduler:::aws-sdk:eks:updateNodegroupConfig",
        "Input": json.dumps(body),
    }
    return resource("AWS::Scheduler::Schedule", Target=target)


def test_distinct_owners_pass(spec: PlatformSpec) -> None:
    cluster = template("cluster", {"Group": _group(), "Business": _schedule()})
    target = platform(spec, cluster, objects=[_nodepool({"workload-type": "batch"})])
    assert results(RULE, target) == []


def test_a_node_group_with_a_nodepools_labels_fails(spec: PlatformSpec) -> None:
    target = platform(spec, template("cluster", {"Group": _group()}), objects=[_nodepool(LABELS)])
    (found,) = results(RULE, target)
    assert isinstance(found, Violation)
    assert "has the labels of Karpenter NodePool spot-workers" in found.reason


def test_a_scheduled_group_cluster_autoscaler_also_owns_fails(spec: PlatformSpec) -> None:
    group = _group({"k8s.io/cluster-autoscaler/enabled": "true"})
    (found,) = results(RULE, platform(spec, template("cluster", {"G": group, "S": _schedule()})))
    assert "resized by a schedule and discovered by cluster-autoscaler" in found.reason
