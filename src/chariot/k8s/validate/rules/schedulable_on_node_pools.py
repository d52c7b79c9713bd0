"""A pod's node selector names labels some node pool carries, and it tolerates that pool's
scheduling taints; otherwise it stays Pending for ever. Needs the spec's node pools (`--env`);
pods a Fargate profile selects are not scheduled on node pools and are not in scope.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chariot.k8s.validate.rules.base import Index, NodePoolInfo, Violation, Workload, labels_of

BLOCKING = {"NoSchedule", "NoExecute"}


def _tolerates(tolerations: list[dict[str, Any]], taint: tuple[str, str, str]) -> bool:
    key, value, effect = taint
    for toleration in tolerations:
        if toleration.get("effect") not in (None, "", effect):
            continue
        operator = toleration.get("operator", "Equal")
        if operator == "Exists" and toleration.get("key") in (None, "", key):
            return True
        if (
            operator == "Equal"
            and toleration.get("key") == key
            and toleration.get("value") == value
        ):
            return True
    return False


def _untolerated(pool: NodePoolInfo, tolerations: list[dict[str, Any]]) -> list[str]:
    return [
        f"{k}={v}:{e}"
        for k, v, e in pool.taints
        if e in BLOCKING and not _tolerates(tolerations, (k, v, e))
    ]


def _on_fargate(index: Index, workload: Workload) -> bool:
    return any(
        s.namespace == workload.obj.namespace
        and all(workload.pod_labels.get(k) == v for k, v in s.labels.items())
        for s in index.context.fargate_selectors
    )


def check(index: Index) -> Iterator[Violation]:
    pools = index.context.node_pools
    if not pools:
        return
    for workload in index.workloads:
        if _on_fargate(index, workload):
            continue
        selector = labels_of(workload.pod_spec.get("nodeSelector"))
        tolerations = [t for t in workload.pod_spec.get("tolerations") or [] if isinstance(t, dict)]
        matching = [p for p in pools if all(p.labels.get(k) == v for k, v in selector.items())]
        path = (*workload.template_path, "spec")
        if not matching:
            yield Violation(
                workload.obj,
                (*path, "nodeSelector"),
                f"no node pool carries the labels {selector}: the pods would stay Pending",
            )
            continue
        blocked = {p.name: _untolerated(p, tolerations) for p in matching}
        if all(blocked.values()):
            reasons = "; ".join(f"{name}: {', '.join(t)}" for name, t in blocked.items())
            yield Violation(
                workload.obj,
                (*path, "tolerations"),
                f"every node pool it selects has a taint it does not tolerate ({reasons})",
            )
