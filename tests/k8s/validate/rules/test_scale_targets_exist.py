from __future__ import annotations

from typing import Any

from chariot.k8s.validate.rules.scale_targets_exist import check
from tests.k8s.validate.rules.helpers import edit, run


def test_existing_targets_pass() -> None:
    assert run(check) == []


def test_missing_target_is_named() -> None:
    def change(d: dict[str, Any]) -> None:
        d["spec"]["targetRef"]["name"] = "api"

    (violation,) = run(check, edit("VerticalPodAutoscaler", "web", change))
    assert violation.reason == "targets Deployment shop/api, which is not among these objects"
