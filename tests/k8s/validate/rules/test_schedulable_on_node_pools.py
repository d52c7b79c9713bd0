from __future__ import annotations

from typing import Any

from chariot.k8s.validate.rules.base import FargateSelector, NodePoolInfo, RuleContext
from chariot.k8s.validate.rules.schedulable_on_node_pools import check
from tests.k8s.validate.rules.helpers import edit, run

SPOT = NodePoolInfo("spot", {"capacity": "spot"}, (("spot-instance", "true", "NoSchedule"),))
ON_DEMAND = NodePoolInfo("on-demand", {"capacity": "on-demand"})
POOLS = RuleContext(node_pools=(SPOT, ON_DEMAND))


def _pod(
    selector: dict[str, str], tolerations: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    def change(d: dict[str, Any]) -> None:
        spec = d["spec"]["template"]["spec"]
        spec["nodeSelector"] = selector
        if tolerations is not None:
            spec["tolerations"] = tolerations

    return edit("Deployment", "web", change)


def test_on_demand_pool_and_tolerated_spot_pool_pass() -> None:
    assert run(check, _pod({"capacity": "on-demand"}), POOLS) == []
    toleration = {
        "key": "spot-instance",
        "operator": "Equal",
        "value": "true",
        "effect": "NoSchedule",
    }
    assert run(check, _pod({"capacity": "spot"}, [toleration]), POOLS) == []
    assert run(check, context=POOLS) == []  # no selector: the untainted pool takes it


def test_without_node_pools_the_rule_does_not_apply() -> None:
    assert run(check, _pod({"capacity": "gpu"})) == []


def test_selector_no_pool_carries() -> None:
    (violation,) = run(check, _pod({"capacity": "gpu"}), POOLS)
    assert violation.path[-1] == "nodeSelector"
    assert "would stay Pending" in violation.reason


def test_untolerated_taint() -> None:
    (violation,) = run(check, _pod({"capacity": "spot"}), POOLS)
    assert "spot: spot-instance=true:NoSchedule" in violation.reason


def test_fargate_pods_are_not_in_scope() -> None:
    context = RuleContext((FargateSelector("f", "shop", {"app": "web"}),), node_pools=(SPOT,))
    assert run(check, _pod({"capacity": "gpu"}), context) == []
