from __future__ import annotations

from chariot.k8s import disruption_budgets
from chariot.k8s.context import RenderContext
from chariot.spec.model import PlatformSpec
from tests.k8s.helpers import find, placements


def _ctx(spec: PlatformSpec) -> RenderContext:
    return RenderContext(spec, placements(spec))


def test_disruption_budget_allows_one_at_a_time(prod: PlatformSpec) -> None:
    budget = find(list(disruption_budgets.build(_ctx(prod))), "PodDisruptionBudget", "users")
    assert budget["spec"]["maxUnavailable"] == 1
    assert budget["spec"]["unhealthyPodEvictionPolicy"] == "AlwaysAllow"
    assert budget["spec"]["selector"]["matchLabels"]["version"] == "stable"
