from __future__ import annotations

from typing import Any

from chariot.k8s.validate.rules.selectors_match import check
from tests.k8s.validate.rules.helpers import edit, run


def test_matching_selectors_pass() -> None:
    assert run(check) == []


def test_deployment_selector_must_match_its_template() -> None:
    def change(d: dict[str, Any]) -> None:
        d["spec"]["selector"] = {"matchLabels": {"app": "other"}}

    violations = run(check, edit("Deployment", "web", change))
    assert any(
        v.obj.kind == "Deployment" and "does not match the pod template" in v.reason
        for v in violations
    )


def test_service_selecting_nothing() -> None:
    def change(d: dict[str, Any]) -> None:
        d["spec"]["selector"] = {"app": "webb"}

    violations = run(check, edit("Service", "web", change))
    (violation,) = [v for v in violations if v.obj.kind == "Service"]
    assert violation.path == ("spec", "selector")
    assert "selects no pods" in violation.reason


def test_pdb_and_policy_and_subset_selecting_nothing() -> None:
    def pdb(d: dict[str, Any]) -> None:
        d["spec"]["selector"] = {
            "matchExpressions": [{"key": "app", "operator": "In", "values": ["x"]}]
        }

    def policy(d: dict[str, Any]) -> None:
        d["spec"]["selector"] = {"matchLabels": {"app": "nobody"}}

    def subset(d: dict[str, Any]) -> None:
        d["spec"]["subsets"] = [{"name": "canary", "labels": {"version": "v9"}}]

    assert "protects nothing" in run(check, edit("PodDisruptionBudget", "web", pdb))[0].reason
    assert "applies to nothing" in run(check, edit("AuthorizationPolicy", "web", policy))[0].reason
    (violation,) = run(check, edit("DestinationRule", "web", subset))
    assert "subset 'canary' matches no pod" in violation.reason
