"""One ClusterIP Service per catalogued service, selecting every version (stable and canary)."""

from __future__ import annotations

from collections.abc import Iterator

from chariot.k8s.context import RenderContext
from chariot.k8s.objects import Manifest, obj, service_labels

SERVICE_PORT = 80


def build(ctx: RenderContext) -> Iterator[Manifest]:
    for service in ctx.spec.services:
        spec = {
            "type": "ClusterIP",
            "selector": service_labels(service),
            "ports": [
                {
                    "name": "http",
                    "port": SERVICE_PORT,
                    "targetPort": "http",
                    "protocol": "TCP",
                    "appProtocol": "http",
                }
            ],
        }
        yield obj("v1", "Service", service.name, service.namespace, spec, service_labels(service))
