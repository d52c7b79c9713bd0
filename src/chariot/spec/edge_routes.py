"""Which services the edge routes, and what per-service routing costs against API Gateway's and
CloudFormation's limits: the facts the API builders and the edge's spec rules share.

With `edge.routing: per_service` every routed service adds two paths, `/v1/<name>` and
`/v1/<name>/{proxy+}`, to the API and to the edge stack; `shared` adds one `/v1/{proxy+}` for
all of them. Default quotas (both per API, both can be raised on request):
- HTTP API, 300 routes per API:
  https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
- REST API, 300 resources per API:
  https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html
- CloudFormation, 500 resources per stack (chariot.spec.cloudformation_limits).
"""

from __future__ import annotations

from dataclasses import dataclass

from chariot.spec.model import PlatformSpec, Service, WorkloadKind

ROUTED_KINDS = frozenset({WorkloadKind.API, WorkloadKind.REALTIME})
PATHS_PER_SERVICE = 2  # /v1/<name> and /v1/<name>/{proxy+}
# The edge stack's resources that do not grow with the catalog, at most (the rest edge with
# CloudFront, both WAFs, the origin secret and a custom domain has 44);
# tests/infra/stacks/test_edge.py checks every synthesized mode stays under it.
EDGE_FIXED_RESOURCES = 60


@dataclass(frozen=True)
class ApiQuota:
    """What one API Gateway kind counts against its per-API quota, and what one path adds to
    the edge stack."""

    counted: str  # "routes" / "resources"
    per_api: int
    fixed: int  # counted items that do not grow with the catalog (the REST API's / and /v1)
    stack_resources_per_path: int


QUOTAS = {
    # one AWS::ApiGatewayV2::Route per path
    "http": ApiQuota("routes", 300, 0, 1),
    # an AWS::ApiGateway::Resource and its ANY Method per path, under / and /v1
    "rest": ApiQuota("resources", 300, 2, 2),
}


def edge_stack_resources(spec: PlatformSpec, quota: ApiQuota) -> int:
    """At most how many resources the edge stack holds with `edge.routing: per_service`."""
    return EDGE_FIXED_RESOURCES + quota.stack_resources_per_path * per_service_paths(spec)


def routed_services(spec: PlatformSpec) -> list[Service]:
    """Services that answer requests from outside get `/v1/<name>` routes."""
    return [s for s in spec.services if s.kind in ROUTED_KINDS]


def per_service_paths(spec: PlatformSpec) -> int:
    """Paths the API gets with `edge.routing: per_service`."""
    return PATHS_PER_SERVICE * len(routed_services(spec))
