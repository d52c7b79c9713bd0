"""`edge.routing: shared`: one `/v1/{proxy+}` route or resource for the whole catalog, so a
catalog of 400 services keeps the edge stack far under CloudFormation's 500 resources.

One synthesis per API kind of the stacks the edge stands on (network, dr, security, cluster,
add-ons) and the edge, cdk-nag included; the data and governance stacks are left out, they are
not what this tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chariot.spec.cloudformation_limits import CFN_MAX_RESOURCES
from chariot.spec.edge_routes import EDGE_FIXED_RESOURCES, QUOTAS, per_service_paths
from chariot.spec.load import load_spec
from tests.conftest import CHECK_DAY, ROOT, Synthesized
from tests.spec.helpers import catalog, write_tree

pytestmark = pytest.mark.synth

EDGE_AND_BELOW = {"network", "dr", "security", "cluster", "addons", "edge"}
CATALOG = {"http": 400, "rest": 3}


@pytest.fixture(scope="module")
def shared_edges(
    spec_data: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Synthesized]:
    from aws_cdk import App

    from chariot.infra.app import cdk_context
    from chariot.infra.compliance import enable_nag
    from chariot.infra.shared import Shared
    from chariot.infra.stacks.dr_compute import build_dr_compute_stacks
    from chariot.infra.stacks.registry import STACKS

    result = {}
    for mode, services in CATALOG.items():
        folder: Path = tmp_path_factory.mktemp(f"shared-{mode}")
        write_tree(folder, catalog(spec_data, services, api_gateway=mode, routing="shared"))
        spec = load_spec(folder, "prod", CHECK_DAY)
        app = App(outdir=str(folder / "out"), context=cdk_context(ROOT), analytics_reporting=False)
        shared = Shared()
        for factory in STACKS:
            # the DR region's platform too: its keys encrypt the origin secret's replica
            if (
                getattr(factory, "part", None) in EDGE_AND_BELOW
                or factory is build_dr_compute_stacks
            ):
                factory(app, spec, shared)
        enable_nag(app)
        app.synth()
        result[mode] = Synthesized(folder / "out", spec)
    return result


def test_400_services_share_one_http_route_and_the_edge_stack_stays_small(
    shared_edges: dict[str, Synthesized],
) -> None:
    env = shared_edges["http"]
    assert len(env.spec.services) == 400
    routes = env.resources("edge", "AWS::ApiGatewayV2::Route").values()
    assert [r["Properties"]["RouteKey"] for r in routes] == ["ANY /v1/{proxy+}"]
    (stage,) = env.resources("edge", "AWS::ApiGatewayV2::Stage").values()
    # No per-service throttling at the edge: the stage's default limit covers the one route.
    assert not stage["Properties"].get("RouteSettings")
    assert stage["Properties"]["DefaultRouteSettings"]["ThrottlingRateLimit"] == 10000
    resources = len(env.json("edge")["Resources"])
    assert resources <= EDGE_FIXED_RESOURCES + 1 < CFN_MAX_RESOURCES


def test_the_shared_rest_resource_proxies_everything_under_v1_to_the_mesh(
    shared_edges: dict[str, Synthesized],
) -> None:
    env = shared_edges["rest"]
    paths = [
        r["Properties"]["PathPart"]
        for r in env.resources("edge", "AWS::ApiGateway::Resource").values()
    ]
    assert paths == ["v1", "{proxy+}"]
    methods = [
        m["Properties"]
        for m in env.resources("edge", "AWS::ApiGateway::Method").values()
        if m["Properties"]["HttpMethod"] == "ANY"
    ]
    (method,) = methods
    assert method["AuthorizationType"] == "COGNITO_USER_POOLS"
    assert method["ApiKeyRequired"] is True
    integration = method["Integration"]
    assert integration["RequestParameters"] == {
        "integration.request.path.proxy": "method.request.path.proxy",
        # the spec's edge.parameter_mapping (the rest API maps request headers only)
        "integration.request.header.x-edge-request-id": "context.requestId",
    }
    assert "/v1/{proxy}" in str(integration["Uri"])
    (stage,) = env.resources("edge", "AWS::ApiGateway::Stage").values()
    # Only the stage-wide method setting: no per-service throttling at the edge.
    assert [s["ResourcePath"] for s in stage["Properties"]["MethodSettings"]] == ["/*"]


def test_the_edge_without_its_routes_fits_the_fixed_budget_the_spec_rule_assumes(
    edge_modes: dict[str, Synthesized], variant: Synthesized
) -> None:
    """spec.edge_routes.EDGE_FIXED_RESOURCES bounds what does not grow with the catalog, in
    every mode and with a custom domain."""
    for env in (*edge_modes.values(), variant):
        quota = QUOTAS.get(env.spec.edge.api_gateway)
        routes = per_service_paths(env.spec) * quota.stack_resources_per_path if quota else 0
        assert len(env.json("edge")["Resources"]) - routes <= EDGE_FIXED_RESOURCES
