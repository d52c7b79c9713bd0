"""Built-in kinds: the same verdicts as kubernetes-validate's strict mode, every error listed."""

from __future__ import annotations

from typing import Any

import kubernetes_validate  # type: ignore[import-untyped]
import pytest

from chariot.k8s.validate import builtin

DEPLOYMENT: dict[str, Any] = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "web"},
    "spec": {
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
            "metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "web", "image": "web:1"}]},
        },
    },
}


def _broken(path: list[str], key: str, value: Any) -> dict[str, Any]:
    import copy

    data = copy.deepcopy(DEPLOYMENT)
    node = data
    for part in path:
        node = node[part]
    node[key] = value
    return data


CASES = [
    DEPLOYMENT,
    _broken(["spec"], "replicas", "three"),
    _broken(["spec", "template", "spec"], "metadata", {}),
    _broken([], "statuz", {}),
    {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "s"},
        "spec": {"ports": [{"port": 80}]},
    },
    {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": {"name": "p"},
        "spec": {"maxUnavailable": "10%"},
    },
]


@pytest.mark.parametrize("data", CASES)
def test_same_verdict_as_kubernetes_validate(data: dict[str, Any]) -> None:
    try:
        kubernetes_validate.validate(data, "1.35", strict=True)
        expected_valid = True
    except kubernetes_validate.ValidationError:
        expected_valid = False
    validator = builtin.validator("1.35", data["apiVersion"], data["kind"])
    assert validator is not None
    assert (not list(validator.iter_errors(data))) is expected_valid


def test_every_error_is_listed() -> None:
    data = _broken(["spec"], "replicas", "three")
    data["spec"]["paused"] = "yes"
    validator = builtin.validator("1.35", "apps/v1", "Deployment")
    assert validator is not None
    assert len(list(validator.iter_errors(data))) == 2


def test_schema_versions() -> None:
    assert builtin.schema_version("1.35") == "1.35.0"
    assert builtin.schema_version("v1.35") == "1.35.0"
    with pytest.raises(builtin.UnsupportedVersionError):
        builtin.schema_version("2.0")


def test_unknown_kind_has_no_schema() -> None:
    assert builtin.validator("1.35", "networking.istio.io/v1", "VirtualService") is None
    assert builtin.validator("1.35", "autoscaling.k8s.io/v1", "VerticalPodAutoscaler") is None


def test_schemas_are_cached() -> None:
    first = builtin.validator("1.35", "apps/v1", "Deployment")
    assert builtin.validator("1.35", "apps/v1", "Deployment") is first
