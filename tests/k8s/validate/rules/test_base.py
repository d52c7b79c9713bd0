"""The Index's label lookups answer exactly what a scan of every workload would."""

from __future__ import annotations

from typing import Any

import pytest

from chariot.k8s.validate.rules.base import (
    Index,
    RuleContext,
    plain_selector_matches,
    selector_matches,
)
from tests.k8s.validate.rules.helpers import objects


def _deployment(name: str, labels: dict[str, str], namespace: str = "apps") -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"template": {"metadata": {"labels": labels}, "spec": {}}},
    }


def _service(name: str, selector: dict[str, str], namespace: str = "apps") -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"selector": selector},
    }


INDEX = Index(
    objects(
        [
            _deployment("a", {"app": "a", "tier": "web"}),
            _deployment("b", {"app": "b", "tier": "web"}),
            _deployment("c", {"app": "c"}),
            _deployment("a-elsewhere", {"app": "a", "tier": "web"}, namespace="other"),
            _service("web", {"tier": "web"}),
            _service("a", {"app": "a", "tier": "web"}),
            _service("nothing", {"app": "a", "tier": "db"}),
            _service("other-a", {"app": "a"}, namespace="other"),
        ]
    ),
    RuleContext(),
)

SELECTORS: list[Any] = [
    {},
    {"matchLabels": {"app": "a"}},
    {"matchLabels": {"tier": "web", "app": "b"}},
    {"matchLabels": {"app": "missing"}},
    {"matchExpressions": [{"key": "tier", "operator": "DoesNotExist"}]},
    {"matchLabels": {"tier": "web"},
     "matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["a"]}]},
    None,
    "not a selector",
]  # fmt: skip


@pytest.mark.parametrize("selector", SELECTORS)
@pytest.mark.parametrize("namespace", ["apps", "other", "empty"])
def test_workloads_selected_equals_a_scan(selector: Any, namespace: str) -> None:
    scanned = [
        w.obj.name
        for w in INDEX.workloads_in(namespace)
        if selector_matches(selector, w.pod_labels)
    ]
    assert [w.obj.name for w in INDEX.workloads_selected(namespace, selector)] == scanned


@pytest.mark.parametrize("selector", [{}, {"app": "a"}, {"tier": "web", "app": "b"}, {"x": "y"}])
def test_plain_selector_lookup_equals_a_scan(selector: dict[str, str]) -> None:
    scanned = [
        w.obj.name
        for w in INDEX.workloads_in("apps")
        if plain_selector_matches(selector, w.pod_labels)
    ]
    assert [w.obj.name for w in INDEX.workloads_selected_plain("apps", selector)] == scanned


def test_services_selecting_keeps_the_namespace_and_every_label() -> None:
    selecting = {w.obj.name: [s.name for s in INDEX.services_selecting(w)] for w in INDEX.workloads}
    assert selecting == {"a": ["web", "a"], "b": ["web"], "c": [], "a-elsewhere": ["other-a"]}
