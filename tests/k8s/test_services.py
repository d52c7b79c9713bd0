from __future__ import annotations

from chariot.k8s import services
from chariot.k8s.context import RenderContext
from chariot.spec.model import PlatformSpec
from tests.k8s.helpers import find, placements


def _ctx(spec: PlatformSpec) -> RenderContext:
    return RenderContext(spec, placements(spec))


def test_service_selects_every_version_on_the_named_port(prod: PlatformSpec) -> None:
    service = find(list(services.build(_ctx(prod))), "Service", "users")
    assert service["spec"]["selector"] == {"app.kubernetes.io/name": "users", "app": "users"}
    assert service["spec"]["ports"] == [
        {"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP", "appProtocol": "http"}
    ]
