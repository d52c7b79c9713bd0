from __future__ import annotations

from typing import Any

from chariot.k8s.validate.rules.virtualservice_refs import check
from tests.k8s.validate.rules.helpers import edit, run, without


def test_existing_references_pass() -> None:
    assert run(check) == []


def test_missing_gateway() -> None:
    (violation,) = run(check, without("Gateway", "edge"))
    assert violation.path == ("spec", "gateways", 0)
    assert "does not exist" in violation.reason


def test_host_not_served_by_the_gateway() -> None:
    def change(d: dict[str, Any]) -> None:
        d["spec"]["hosts"] = ["web.other.test"]

    (violation,) = run(check, edit("VirtualService", "web", change))
    assert "is not served by gateway istio-ingress/edge" in violation.reason


def test_missing_destination_and_subset() -> None:
    def change(d: dict[str, Any]) -> None:
        d["spec"]["http"][0]["route"] = [
            {"destination": {"host": "api"}},
            {"destination": {"host": "web", "subset": "canary"}},
        ]

    first, second = run(check, edit("VirtualService", "web", change))
    assert "destination 'api' is no Service" in first.reason
    assert "subset 'canary' of web is defined by no DestinationRule" in second.reason


def test_mesh_host_must_be_a_service() -> None:
    def change(d: dict[str, Any]) -> None:
        d["spec"]["gateways"] = ["mesh"]
        d["spec"]["hosts"] = ["nothing.shop.svc.cluster.local"]

    (violation,) = run(check, edit("VirtualService", "web", change))
    assert "no Service has that name" in violation.reason
