"""Branch-ENI pods need DISABLE_TCP_EARLY_DEMUX for HTTP/TCP kubelet probes."""

from __future__ import annotations

import json
from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import Violation
from tests.verify.readiness.fixtures import platform, resource, results, template

RULE = "pod-eni-probes"
POLICY = {
    "kind": "SecurityGroupPolicy",
    "metadata": {"name": "users", "namespace": "microservices"},
    "spec": {"podSelector": {"matchLabels": {"app": "users"}}},
}


def _deployment(probe: dict[str, Any]) -> dict[str, Any]:
    container = {"name": "app", "readinessProbe": probe}
    return {
        "kind": "Deployment",
        "metadata": {"name": "users", "namespace": "microservices"},
        "spec": {
            "template": {
                "metadata": {"labels": {"app": "users"}},
                "spec": {"containers": [container]},
            }
        },
    }


def _cni(config: dict[str, Any]) -> Any:
    addon = resource("AWS::EKS::Addon", AddonName="vpc-cni", ConfigurationValues=json.dumps(config))
    return template("cluster", {"VpcCni": addon})


HTTP = {"httpGet": {"path": "/health", "port": "http"}}


def test_pod_eni_with_early_demux_disabled_passes(spec: PlatformSpec) -> None:
    config = {
        "env": {"ENABLE_POD_ENI": "true"},
        "init": {"env": {"DISABLE_TCP_EARLY_DEMUX": "true"}},
    }
    target = platform(spec, _cni(config), objects=[POLICY, _deployment(HTTP)])
    assert results(RULE, target) == []


def test_pod_eni_without_the_flag_fails_naming_the_workload(spec: PlatformSpec) -> None:
    target = platform(
        spec, _cni({"env": {"ENABLE_POD_ENI": "true"}}), objects=[POLICY, _deployment(HTTP)]
    )
    (found,) = results(RULE, target)
    assert isinstance(found, Violation)
    assert "users never become Ready" in found.reason


def test_exec_probes_do_not_need_the_flag(spec: PlatformSpec) -> None:
    exec_probe = {"exec": {"command": ["true"]}}
    target = platform(
        spec, _cni({"env": {"ENABLE_POD_ENI": "true"}}), objects=[POLICY, _deployment(exec_probe)]
    )
    assert results(RULE, target) == []
