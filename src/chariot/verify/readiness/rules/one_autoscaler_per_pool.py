"""One controller sizes each pool of nodes.

A managed node group with the same node labels as a Karpenter NodePool serves the same pods
twice: Karpenter launches nodes for pods the group's scaler is also adding nodes for, and scales
its own in while the group keeps its count. A node group that cluster-autoscaler discovers (its
`k8s.io/cluster-autoscaler/enabled` tag) and that a schedule also resizes has two owners of its
desired size. https://karpenter.sh/docs/concepts/nodepools/ ,
https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from chariot.verify.readiness.base import Platform, Result, Violation
from chariot.verify.readiness.rules.no_floating_ami_alias import karpenter_objects

AUTOSCALER_TAG = "k8s.io/cluster-autoscaler/enabled"
RESIZE_TARGET = "arn:aws:scheduler:::aws-sdk:eks:updateNodegroupConfig"


def _scheduled_groups(platform: Platform) -> set[str]:
    names: set[str] = set()
    for schedule in platform.resources("AWS::Scheduler::Schedule"):
        if schedule.get("Target", "Arn") != RESIZE_TARGET:
            continue
        raw = platform.text(schedule.template, schedule.get("Target", "Input"), "?")
        try:
            body: Any = json.loads(raw or "")
        except ValueError:
            continue
        if isinstance(body, dict) and isinstance(body.get("NodegroupName"), str):
            names.add(body["NodegroupName"])
    return names


def check(platform: Platform) -> Iterator[Result]:
    karpenter_labels = [
        (str((item.get("metadata") or {}).get("name")), labels)
        for _, item in karpenter_objects(platform)
        if item.get("kind") == "NodePool"
        and (
            labels := ((item.get("spec") or {}).get("template") or {})
            .get("metadata", {})
            .get("labels")
        )
    ]
    scheduled = _scheduled_groups(platform)
    for group in platform.resources("AWS::EKS::Nodegroup"):
        labels = group.get("Labels") or {}
        name = group.get("NodegroupName")
        for pool, pool_labels in karpenter_labels:
            if labels and labels == pool_labels:
                yield Violation(
                    group,
                    f"node group {name} has the labels of Karpenter NodePool {pool}: two "
                    "autoscalers add and remove nodes for the same pods; give the pool one owner",
                )
        tags = group.get("Tags") or {}
        if name in scheduled and isinstance(tags, dict) and tags.get(AUTOSCALER_TAG) == "true":
            yield Violation(
                group,
                f"node group {name} is resized by a schedule and discovered by "
                "cluster-autoscaler: two owners of its desired size",
            )
