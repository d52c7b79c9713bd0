"""Namespaces of the catalogued services: sidecar injection and Pod Security admission.

`restricted` Pod Security works with the sidecar only when the Istio CNI plugin installs the
redirect rules (istio-init needs NET_ADMIN, which `restricted` and `baseline` refuse).
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.k8s.context import RenderContext
from chariot.k8s.objects import Manifest, obj


def build(ctx: RenderContext) -> Iterator[Manifest]:
    version = f"v{ctx.spec.cluster.kubernetes_version}"
    for namespace in ctx.namespaces:
        labels = {
            "istio-injection": "enabled" if ctx.meshed(namespace) else "disabled",
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/enforce-version": version,
            "pod-security.kubernetes.io/warn": "restricted",
            "pod-security.kubernetes.io/audit": "restricted",
        }
        yield obj("v1", "Namespace", namespace, labels=labels)
