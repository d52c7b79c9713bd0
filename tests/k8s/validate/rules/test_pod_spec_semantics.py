from __future__ import annotations

from typing import Any

from chariot.k8s.validate.rules.pod_spec_semantics import check
from tests.k8s.validate.rules.helpers import edit, run


def _container(change: dict[str, Any]) -> list[dict[str, Any]]:
    def apply(d: dict[str, Any]) -> None:
        d["spec"]["template"]["spec"]["containers"][0].update(change)

    return edit("Deployment", "web", apply)


def test_valid_probes_and_ports_pass() -> None:
    probe = {"httpGet": {"path": "/health", "port": "http"}, "successThreshold": 1}
    data = _container({"ports": [{"name": "http", "containerPort": 8080}], "livenessProbe": probe})
    assert run(check, data) == []


def test_liveness_success_threshold_must_be_one() -> None:
    probe = {"httpGet": {"path": "/health", "port": 8080}, "successThreshold": 2}
    (violation,) = run(check, _container({"livenessProbe": probe}))
    assert violation.path[-1] == "successThreshold"


def test_named_probe_port_must_exist_and_port_names_are_short() -> None:
    data = _container(
        {
            "ports": [{"name": "http-traffic-port", "containerPort": 8080}],
            "readinessProbe": {"httpGet": {"path": "/", "port": "http"}},
        }
    )
    reasons = [v.reason for v in run(check, data)]
    assert any("IANA service name" in r for r in reasons)
    assert any("named port 'http'" in r for r in reasons)


def test_duplicate_container_names() -> None:
    def apply(d: dict[str, Any]) -> None:
        containers = d["spec"]["template"]["spec"]["containers"]
        containers.append(dict(containers[0]))

    (violation,) = run(check, edit("Deployment", "web", apply))
    assert "unique in the pod" in violation.reason
