"""No workload that a Fargate profile selects runs in a meshed namespace.

Fargate allows no NET_ADMIN (istio-init), no privileged pods and no DaemonSets (istio-cni,
ztunnel), so Istio cannot mesh a Fargate pod (aws/containers-roadmap#682): under STRICT mTLS it
can neither call nor be called. The Fargate profiles come from the spec.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.k8s.validate.rules.base import Index, Violation


def check(index: Index) -> Iterator[Violation]:
    for workload in index.workloads:
        if not index.is_meshed(workload):
            continue
        for selector in index.context.fargate_selectors:
            if selector.namespace != workload.obj.namespace:
                continue
            if all(workload.pod_labels.get(k) == v for k, v in selector.labels.items()):
                yield Violation(
                    workload.obj,
                    (*workload.template_path, "metadata", "labels"),
                    f"Fargate profile {selector.profile!r} selects this workload in the meshed "
                    f"namespace {workload.obj.namespace!r}: Istio cannot mesh Fargate pods "
                    "(no NET_ADMIN, no DaemonSets; aws/containers-roadmap#682)",
                )
