"""One ServiceAccount per service: its mesh identity and its EKS Pod Identity.

The Pod Identity association (namespace + service account -> IAM role) is made by the infra
stack, so the account carries no annotation; API tokens are not mounted because the services
never call the Kubernetes API (Pod Identity and Istio mount their own projected tokens).
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.k8s.context import RenderContext
from chariot.k8s.objects import Manifest, obj, service_labels


def build(ctx: RenderContext) -> Iterator[Manifest]:
    for service in ctx.spec.services:
        account = obj(
            "v1", "ServiceAccount", service.name, service.namespace, labels=service_labels(service)
        )
        account["automountServiceAccountToken"] = False
        yield account
