"""Locality load balancing is paired with outlier detection.

Istio prefers same-zone endpoints and moves traffic to other zones only when outlier detection
ejects the local ones; without it a zone whose pods fail keeps receiving its callers' requests
(https://istio.io/latest/docs/tasks/traffic-management/locality-load-balancing/failover/:
"Outlier detection ... is required in order for failover to function properly").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chariot.k8s.validate.rules.base import Index, Violation


def _policies(spec: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """(path, trafficPolicy) of the rule and of each subset."""
    if isinstance(spec.get("trafficPolicy"), dict):
        yield ("spec", "trafficPolicy"), spec["trafficPolicy"]
    for position, subset in enumerate(spec.get("subsets") or []):
        if isinstance(subset, dict) and isinstance(subset.get("trafficPolicy"), dict):
            yield ("spec", "subsets", position, "trafficPolicy"), subset["trafficPolicy"]


def check(index: Index) -> Iterator[Violation]:
    for rule in index.of_kind("DestinationRule"):
        spec = rule.get("spec") or {}
        top = spec.get("trafficPolicy")
        inherited = top.get("outlierDetection") if isinstance(top, dict) else None
        for path, policy in _policies(spec):
            locality = (policy.get("loadBalancer") or {}).get("localityLbSetting") or {}
            detection = policy.get("outlierDetection") or inherited
            if locality.get("enabled") and not detection:
                yield Violation(
                    rule,
                    (*path, "loadBalancer", "localityLbSetting"),
                    "locality load balancing without outlier detection: a zone whose pods fail "
                    "keeps its callers' traffic; add trafficPolicy.outlierDetection",
                )
