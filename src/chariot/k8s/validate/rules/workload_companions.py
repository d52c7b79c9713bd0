"""Every meshed Deployment has a Service, a PodDisruptionBudget, an HPA, a DestinationRule and
an AuthorizationPolicy of its own.

Without them it is unreachable, drained all at once, fixed in size, load-balanced with no
outlier detection, or (under the namespace's default deny) refused entirely. Deployments outside
the mesh (cluster add-ons) are not in scope.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.k8s.validate.rules.base import Index, Violation, Workload, selector_matches


def _has_pdb(index: Index, workload: Workload) -> bool:
    return any(
        selector_matches(p.get("spec", "selector"), workload.pod_labels)
        for p in index.of_kind("PodDisruptionBudget")
        if p.namespace == workload.obj.namespace
    )


def _autoscaled(index: Index) -> set[tuple[str, str, str]]:
    """(namespace, kind, name) of every HPA's scale target: one pass, not one per workload."""
    return {
        (h.namespace, str(h.get("spec", "scaleTargetRef", "kind")),
         str(h.get("spec", "scaleTargetRef", "name")))
        for h in index.of_kind("HorizontalPodAutoscaler")
    }  # fmt: skip


def _with_destination_rule(index: Index) -> set[tuple[str, str]]:
    """(namespace, name) of every Service a DestinationRule's host resolves to."""
    targets = set()
    for rule in index.of_kind("DestinationRule"):
        host = rule.get("spec", "host")
        target = index.resolve_host(str(host), rule.namespace) if host else None
        if target is not None:
            targets.add((target.namespace, target.name))
    return targets


def _has_authorization_policy(index: Index, workload: Workload) -> bool:
    for policy in index.of_kind("AuthorizationPolicy"):
        if policy.namespace != workload.obj.namespace:
            continue
        spec = policy.get("spec") or {}
        if spec.get("action", "ALLOW") != "ALLOW" or not spec.get("rules"):
            continue
        selector = spec.get("selector")
        if selector is None or selector_matches(selector, workload.pod_labels):
            return True
    return False


def check(index: Index) -> Iterator[Violation]:
    autoscaled, with_destination_rule = _autoscaled(index), _with_destination_rule(index)
    for workload in index.workloads:
        if workload.obj.kind != "Deployment" or not index.is_meshed(workload):
            continue
        missing = []
        services = index.services_selecting(workload)
        if not services:
            missing.append("a Service selecting its pods (it is unreachable)")
        if not _has_pdb(index, workload):
            missing.append("a PodDisruptionBudget (a drain may evict every pod at once)")
        obj = workload.obj
        if (obj.namespace, obj.kind, obj.name) not in autoscaled:
            missing.append("a HorizontalPodAutoscaler (its size never follows the load)")
        if not any((s.namespace, s.name) in with_destination_rule for s in services):
            missing.append(
                "a DestinationRule for its Service (no connection limits, no outlier detection)"
            )
        if not _has_authorization_policy(index, workload):
            missing.append(
                "an ALLOW AuthorizationPolicy selecting it (under default deny nobody reaches it)"
            )
        for item in missing:
            yield Violation(workload.obj, ("metadata", "name"), f"has no {item}")
