"""Namespaces, service accounts, Services and disruption budgets."""

from __future__ import annotations

from chariot.k8s import disruption_budgets, namespaces, service_accounts, services
from chariot.k8s.context import RenderContext
from chariot.spec.model import PlatformSpec
from tests.k8s.helpers import find, placements


def _ctx(spec: PlatformSpec) -> RenderContext:
    return RenderContext(spec, placements(spec))


def test_namespace_is_injected_and_restricted(prod: PlatformSpec) -> None:
    (namespace,) = namespaces.build(_ctx(prod))
    labels = namespace["metadata"]["labels"]
    assert namespace["metadata"]["name"] == "microservices"
    assert labels["istio-injection"] == "enabled"
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    assert labels["pod-security.kubernetes.io/enforce-version"] == "v1.35"


def test_service_account_per_service_without_api_token(prod: PlatformSpec) -> None:
    accounts = list(service_accounts.build(_ctx(prod)))
    assert sorted(a["metadata"]["name"] for a in accounts) == ["assets", "users", "vulnerabilities"]
    assert all(a["automountServiceAccountToken"] is False for a in accounts)


def test_service_selects_every_version_on_the_named_port(prod: PlatformSpec) -> None:
    service = find(list(services.build(_ctx(prod))), "Service", "users")
    assert service["spec"]["selector"] == {"app.kubernetes.io/name": "users", "app": "users"}
    assert service["spec"]["ports"] == [
        {"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP", "appProtocol": "http"}
    ]


def test_disruption_budget_allows_one_at_a_time(prod: PlatformSpec) -> None:
    budget = find(list(disruption_budgets.build(_ctx(prod))), "PodDisruptionBudget", "users")
    assert budget["spec"]["maxUnavailable"] == 1
    assert budget["spec"]["unhealthyPodEvictionPolicy"] == "AlwaysAllow"
    assert budget["spec"]["selector"]["matchLabels"]["version"] == "stable"
