"""`edge.routing: per_service` fits API Gateway's per-API quota and CloudFormation's 500
resources per stack; beyond them the fix is `edge.routing: shared`.

Without this rule a catalog of a few hundred services synthesizes an API Gateway that
CloudFormation refuses at deploy time (routes or resources over the quota), or stops synthesis
with an edge stack over 500 resources. The figures and their sources are in
chariot.spec.edge_routes.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.cloudformation_limits import CFN_MAX_RESOURCES
from chariot.spec.edge_routes import (
    QUOTAS,
    edge_stack_resources,
    per_service_paths,
    routed_services,
)
from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation

FIX = "set edge.routing: shared (one /v1/{proxy+} route; the mesh routes per service)"


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    edge = spec.edge
    quota = QUOTAS.get(edge.api_gateway)
    if quota is None or edge.routing != "per_service":
        return
    services = len(routed_services(spec))
    paths = per_service_paths(spec)
    counted = quota.fixed + paths
    if counted > quota.per_api:
        yield (
            ("edge", "routing"),
            f"{services} routed services need {counted} {quota.counted} on the "
            f"{edge.api_gateway} API, over API Gateway's quota of {quota.per_api} per API: {FIX}",
        )
    resources = edge_stack_resources(spec, quota)
    if resources > CFN_MAX_RESOURCES:
        yield (
            ("edge", "routing"),
            f"{services} routed services put about {resources} resources in the edge stack "
            f"(the {edge.api_gateway} API's routes), over CloudFormation's {CFN_MAX_RESOURCES} "
            f"per stack: {FIX}",
        )
