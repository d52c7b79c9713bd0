"""The contract of an API kind: what it builds between CloudFront and the ingress NLB."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chariot.infra.constructs.origin_verify import OriginSecret
from chariot.infra.edge.context import EdgeContext
from chariot.spec.edge_routes import routed_services
from chariot.spec.model import PlatformSpec, Service


@dataclass(frozen=True)
class Route:
    """One API path, what the ingress NLB receives for it, and the service it is throttled
    for (None for the shared route, limited by the stage's defaults)."""

    path: str
    backend_path: str
    service: Service | None

    @property
    def is_proxy(self) -> bool:
        return self.path.endswith("{proxy+}")


def routes(spec: PlatformSpec) -> list[Route]:
    """`per_service`: `/v1/<name>` and `/v1/<name>/{proxy+}` per routed service; `shared`: one
    `/v1/{proxy+}` for all, which the Istio ingress gateway routes by path like any other."""
    if spec.edge.routing == "shared":
        return [Route("/v1/{proxy+}", "/v1/{proxy}", None)]
    return [
        route
        for s in routed_services(spec)
        for route in (
            Route(f"/v1/{s.name}", f"/v1/{s.name}", s),
            Route(f"/v1/{s.name}/{{proxy+}}", f"/v1/{s.name}/{{proxy}}", s),
        )
    ]


@dataclass(frozen=True)
class ApiEndpoint:
    """Where CloudFront's `/v1/*` behaviour reaches the API, and the header that carries the
    origin secret (None when CloudFront is off)."""

    domain: str
    origin_path: str | None
    secret_header: str
    origin: OriginSecret | None


@dataclass(frozen=True)
class ApiKind:
    """`build` adds the API to the edge; it returns None when CloudFront reaches the ingress
    NLB directly (a VPC origin). `summary` goes into the stack description.
    `enforce_private_link_rules` is False when the API reaches the NLB over PrivateLink without
    a security group the NLB's inbound rules could name."""

    summary: str
    build: Callable[[EdgeContext], ApiEndpoint | None]
    enforce_private_link_rules: bool = True
