from __future__ import annotations

from chariot.k8s.objects import fqdn, obj, seconds, versions, workload_name
from chariot.spec.model import Canary, PlatformSpec


def test_obj_keeps_an_empty_spec_and_leaves_out_a_missing_one() -> None:
    assert obj("v1", "X", "a", "ns", {})["spec"] == {}
    assert "spec" not in obj("v1", "X", "a")
    assert obj("v1", "X", "a")["metadata"]["labels"]["app.kubernetes.io/managed-by"] == "chariot"


def test_names_and_versions(prod: PlatformSpec) -> None:
    users = prod.service("users")
    assert fqdn(users) == "users.microservices.svc.cluster.local"
    assert versions(users) == ["stable"]
    canary = users.model_copy(update={"canary": Canary(version="v2", image="u:2", weight=5)})
    assert versions(canary) == ["stable", "v2"]
    assert workload_name(canary, "v2") == "users-v2"
    assert workload_name(canary, "stable") == "users"


def test_durations() -> None:
    assert seconds(2) == "2s"
    assert seconds(0.5) == "0.5s"
