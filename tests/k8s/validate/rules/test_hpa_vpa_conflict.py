from __future__ import annotations

from typing import Any

import pytest

from chariot.k8s.validate.rules.hpa_vpa_conflict import check
from tests.k8s.validate.rules.helpers import edit, run


def test_recommendation_mode_beside_cpu_hpa_passes() -> None:
    assert run(check) == []


def test_initial_mode_on_memory_only_passes() -> None:
    def change(d: dict[str, Any]) -> None:
        d["spec"]["updatePolicy"]["updateMode"] = "Initial"
        d["spec"]["resourcePolicy"] = {
            "containerPolicies": [{"containerName": "web", "controlledResources": ["memory"]}]
        }

    assert run(check, edit("VerticalPodAutoscaler", "web", change)) == []


@pytest.mark.parametrize("mode", ["Auto", "Recreate", "InPlaceOrRecreate", "Initial", None])
def test_acting_vpa_on_the_hpa_resource_fails(mode: str | None) -> None:
    def change(d: dict[str, Any]) -> None:
        if mode is None:
            del d["spec"]["updatePolicy"]  # the VPA's default mode acts
        else:
            d["spec"]["updatePolicy"]["updateMode"] = mode

    (violation,) = run(check, edit("VerticalPodAutoscaler", "web", change))
    assert "resizes cpu requests" in violation.reason
    assert "they fight" in violation.reason
