"""Every meshed Deployment has a Service, a PodDisruptionBudget, an HPA, a DestinationRule and
an AuthorizationPolicy of its own.

Without them it is unreachable, drained all at once, fixed in size, load-balanced with no
outlier detection, or (under the namespace's default deny) refused entirely. Deployments outside
the mesh (cluster add-ons) are not in scope.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.k8s.validate.rules.base import Index, Obj, Violation


def _selected(index: Index, budgets_or_policies: list[Obj]) -> set[int]:
    """id() of every workload one of these objects' selectors selects: one pass over them."""
    return {
        id(w)
        for obj in budgets_or_policies
        for w in index.workloads_selected(obj.namespace, obj.get("spec", "selector"))
    }


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


def _authorized(index: Index) -> tuple[set[int], set[str]]:
    """Workloads an ALLOW policy with rules selects, and namespaces one covers entirely."""
    allowing = [
        p
        for p in index.of_kind("AuthorizationPolicy")
        if (p.get("spec") or {}).get("action", "ALLOW") == "ALLOW" and p.get("spec", "rules")
    ]
    namespace_wide = {p.namespace for p in allowing if p.get("spec", "selector") is None}
    return _selected(index, allowing), namespace_wide


def check(index: Index) -> Iterator[Violation]:
    autoscaled, with_destination_rule = _autoscaled(index), _with_destination_rule(index)
    budgeted = _selected(index, index.of_kind("PodDisruptionBudget"))
    authorized, authorized_namespaces = _authorized(index)
    for workload in index.workloads:
        if workload.obj.kind != "Deployment" or not index.is_meshed(workload):
            continue
        missing = []
        services = index.services_selecting(workload)
        if not services:
            missing.append("a Service selecting its pods (it is unreachable)")
        if id(workload) not in budgeted:
            missing.append("a PodDisruptionBudget (a drain may evict every pod at once)")
        obj = workload.obj
        if (obj.namespace, obj.kind, obj.name) not in autoscaled:
            missing.append("a HorizontalPodAutoscaler (its size never follows the load)")
        if not any((s.namespace, s.name) in with_destination_rule for s in services):
            missing.append(
                "a DestinationRule for its Service (no connection limits, no outlier detection)"
            )
        if id(workload) not in authorized and obj.namespace not in authorized_namespaces:
            missing.append(
                "an ALLOW AuthorizationPolicy selecting it (under default deny nobody reaches it)"
            )
        for item in missing:
            yield Violation(workload.obj, ("metadata", "name"), f"has no {item}")
