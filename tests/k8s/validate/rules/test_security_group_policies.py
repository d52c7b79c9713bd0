from __future__ import annotations

from typing import Any

from chariot.k8s.validate.rules.security_group_policies import check
from tests.k8s.validate.rules.helpers import edit, run


def test_a_policy_selecting_pods_with_two_groups_passes() -> None:
    assert run(check) == []


def test_a_policy_selecting_no_pods_is_an_error() -> None:
    def change(d: dict[str, Any]) -> None:
        d["spec"]["podSelector"] = {"matchLabels": {"app": "api"}}

    (violation,) = run(check, edit("SecurityGroupPolicy", "web", change))
    assert violation.severity == "error"
    assert "selects no pods" in violation.reason


def test_a_single_group_is_a_warning_about_the_cluster_group() -> None:
    def change(d: dict[str, Any]) -> None:
        d["spec"]["securityGroups"]["groupIds"] = ["sg-0web"]

    (violation,) = run(check, edit("SecurityGroupPolicy", "web", change))
    assert violation.severity == "warning"
    assert "cluster security group" in violation.reason
