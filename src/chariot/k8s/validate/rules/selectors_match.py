"""Selectors select something: a workload's selector matches its own pod template, and every
Service, PodDisruptionBudget, Istio policy selector and DestinationRule subset matches pods.

The API server refuses a Deployment whose selector misses its template; the others it accepts
silently, and they then route to nothing, protect nothing or authorize nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.k8s.validate.rules.base import Index, Violation, selector_matches

ISTIO_SELECTED = ("AuthorizationPolicy", "RequestAuthentication", "PeerAuthentication")


def _workload_templates(index: Index) -> Iterator[Violation]:
    for workload in index.workloads:
        if workload.obj.kind in {"Pod", "CronJob", "Job"}:
            continue
        selector = workload.obj.get("spec", "selector")
        if selector is None:
            continue  # a missing selector is the schema's finding
        if not selector_matches(selector, workload.pod_labels) or not (
            selector.get("matchLabels") or selector.get("matchExpressions")
        ):
            yield Violation(
                workload.obj,
                ("spec", "selector"),
                "selector does not match the pod template's labels "
                f"{workload.pod_labels}: the API server refuses it",
            )


def _services(index: Index) -> Iterator[Violation]:
    for service in index.of_kind("Service"):
        selector = service.get("spec", "selector")
        if not selector:
            continue  # headless / externally managed endpoints
        if not index.workloads_selected_plain(service.namespace, selector):
            yield Violation(
                service, ("spec", "selector"), f"selects no pods in this set: {selector}"
            )


def _budgets(index: Index) -> Iterator[Violation]:
    for budget in index.of_kind("PodDisruptionBudget"):
        selector = budget.get("spec", "selector")
        if not index.workloads_selected(budget.namespace, selector):
            yield Violation(budget, ("spec", "selector"), "selects no pods: it protects nothing")


def _istio_policies(index: Index) -> Iterator[Violation]:
    for policy in index.of_kind(*ISTIO_SELECTED):
        selector = policy.get("spec", "selector")
        if selector is None:
            continue  # namespace-wide
        if not index.workloads_selected(policy.namespace, selector):
            yield Violation(
                policy,
                ("spec", "selector"),
                "selects no workload in its namespace: the policy applies to nothing",
            )


def _subsets(index: Index) -> Iterator[Violation]:
    for rule in index.of_kind("DestinationRule"):
        host = rule.get("spec", "host")
        service = index.resolve_host(str(host), rule.namespace) if host else None
        if service is None:
            continue
        selected = index.workloads_selected_plain(
            service.namespace, service.get("spec", "selector")
        )
        pods = [w.pod_labels for w in selected]
        for position, subset in enumerate(rule.get("spec", "subsets") or []):
            labels = subset.get("labels") or {}
            if not any(all(p.get(k) == v for k, v in labels.items()) for p in pods):
                yield Violation(
                    rule,
                    ("spec", "subsets", position, "labels"),
                    f"subset {subset.get('name')!r} matches no pod of {host}",
                )


def check(index: Index) -> Iterator[Violation]:
    yield from _workload_templates(index)
    yield from _services(index)
    yield from _budgets(index)
    yield from _istio_policies(index)
    yield from _subsets(index)
