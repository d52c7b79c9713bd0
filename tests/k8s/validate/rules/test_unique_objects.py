from __future__ import annotations

from chariot.k8s.validate.rules.unique_objects import check
from tests.k8s.validate.rules.helpers import run, world


def test_distinct_objects_pass() -> None:
    assert run(check) == []


def test_same_object_twice_fails() -> None:
    data = world()
    service = next(d for d in data if d["kind"] == "Service")
    (violation,) = run(check, [*data, service])
    assert violation.obj.label == "Service shop/web"
    assert "already declared in world.yaml" in violation.reason
