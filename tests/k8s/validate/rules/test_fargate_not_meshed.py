from __future__ import annotations

from chariot.k8s.validate.rules.base import FargateSelector, RuleContext
from chariot.k8s.validate.rules.fargate_not_meshed import check
from tests.k8s.validate.rules.helpers import run


def test_profile_outside_the_mesh_passes() -> None:
    context = RuleContext((FargateSelector("batch", "batch", {"compute-type": "fargate"}),))
    assert run(check, context=context) == []


def test_profile_selecting_a_meshed_workload_fails() -> None:
    context = RuleContext((FargateSelector("apps", "shop", {"app": "web"}),))
    (violation,) = run(check, context=context)
    assert violation.obj.label == "Deployment shop/web"
    assert "Istio cannot mesh Fargate pods" in violation.reason
