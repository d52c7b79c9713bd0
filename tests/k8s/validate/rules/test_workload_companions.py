from __future__ import annotations

import pytest

from chariot.k8s.validate.rules.workload_companions import check
from tests.k8s.validate.rules.helpers import edit, run, without


def test_complete_service_passes() -> None:
    assert run(check) == []


@pytest.mark.parametrize(
    ("kind", "name", "missing"),
    [
        ("Service", "web", "a Service"),
        ("PodDisruptionBudget", "web", "a PodDisruptionBudget"),
        ("HorizontalPodAutoscaler", "web", "a HorizontalPodAutoscaler"),
        ("DestinationRule", "web", "a DestinationRule"),
        ("AuthorizationPolicy", "web", "an ALLOW AuthorizationPolicy"),
    ],
)
def test_each_missing_companion_is_named(kind: str, name: str, missing: str) -> None:
    violations = run(check, without(kind, name))
    assert {v.obj.label for v in violations} == {"Deployment shop/web"}
    assert violations[0].reason.startswith(f"has no {missing}")
    # without its Service, the DestinationRule (bound to that Service) is missing as well
    assert len(violations) == (2 if kind == "Service" else 1)


def test_deployments_outside_the_mesh_are_not_in_scope() -> None:
    data = edit(
        "Namespace",
        "shop",
        lambda ns: ns["metadata"]["labels"].update({"istio-injection": "disabled"}),
    )
    data = [d for d in data if d["kind"] not in {"Service", "PeerAuthentication"}]
    assert run(check, data) == []
