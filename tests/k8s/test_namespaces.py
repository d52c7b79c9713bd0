from __future__ import annotations

from chariot.k8s import namespaces
from chariot.k8s.context import RenderContext
from chariot.spec.model import PlatformSpec
from tests.k8s.helpers import placements


def _ctx(spec: PlatformSpec) -> RenderContext:
    return RenderContext(spec, placements(spec))


def test_namespace_is_injected_and_restricted(prod: PlatformSpec) -> None:
    (namespace,) = namespaces.build(_ctx(prod))
    labels = namespace["metadata"]["labels"]
    assert namespace["metadata"]["name"] == "microservices"
    assert labels["istio-injection"] == "enabled"
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    assert labels["pod-security.kubernetes.io/enforce-version"] == "v1.35"
