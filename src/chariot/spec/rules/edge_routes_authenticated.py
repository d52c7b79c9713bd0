"""Every route of the http edge behind CloudFront leads to a service that checks the caller's JWT.

An HTTP API route has one authorizer. Behind CloudFront that one is the origin-secret check
(the API's own endpoint must not bypass CloudFront's WAF, chariot.infra.constructs.origin_verify),
so the caller's token is verified in the mesh: each meshed service's AuthorizationPolicy requires
a valid JWT of the issuer (chariot.k8s.mesh_security). A routed service outside the mesh would
answer anyone.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.edge_routes import ROUTED_KINDS
from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    edge = spec.edge
    if edge.api_gateway != "http" or not edge.cdn.enabled:
        return
    for index, service in enumerate(spec.services):
        if service.kind in ROUTED_KINDS and not service.meshed:
            yield (
                ("services", index, "meshed"),
                f"service {service.name!r} is routed by the http edge, whose route authorizer "
                "behind CloudFront is the origin-secret check, so the JWT is verified by the "
                "mesh: set meshed: true (or use the rest edge, whose Cognito authorizer stays)",
            )
