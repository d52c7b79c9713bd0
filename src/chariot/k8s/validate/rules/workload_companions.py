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


def _has_hpa(index: Index, workload: Workload) -> bool:
    return any(
        h.get("spec", "scaleTargetRef", "kind") == workload.obj.kind
        and h.get("spec", "scaleTargetRef", "name") == workload.obj.name
        for h in index.of_kind("HorizontalPodAutoscaler")
        if h.namespace == workload.obj.namespace
    )


def _has_destination_rule(index: Index, workload: Workload) -> bool:
    services = {(s.namespace, s.name) for s in index.services_selecting(workload)}
    for rule in index.of_kind("DestinationRule"):
        host = rule.get("spec", "host")
        target = index.resolve_host(str(host), rule.namespace) if host else None
        if target is not None and (target.namespace, target.name) in services:
            return True
    return False


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
    for workload in index.workloads:
        if workload.obj.kind != "Deployment" or not index.is_meshed(workload):
            continue
        missing = []
        if not index.services_selecting(workload):
            missing.append("a Service selecting its pods (it is unreachable)")
        if not _has_pdb(index, workload):
            missing.append("a PodDisruptionBudget (a drain may evict every pod at once)")
        if not _has_hpa(index, workload):
            missing.append("a HorizontalPodAutoscaler (its size never follows the load)")
        if not _has_destination_rule(index, workload):
            missing.append(
                "a DestinationRule for its Service (no connection limits, no outlier detection)"
            )
        if not _has_authorization_policy(index, workload):
            missing.append(
                "an ALLOW AuthorizationPolicy selecting it (under default deny nobody reaches it)"
            )
        for item in missing:
            yield Violation(workload.obj, ("metadata", "name"), f"has no {item}")
