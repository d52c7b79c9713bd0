"""Each placement rule on its own: the condition it matches and what it redirects."""

from __future__ import annotations

import pytest

from chariot.plan.placement import (
    api_predictable_load,
    background_long_running,
    batch_analytics,
    ec2_not_captured,
    fargate_profile_required,
    mesh_not_on_fargate,
    no_fargate_spot,
    node_pool_available,
    realtime_low_latency,
)
from chariot.spec.model import PlatformSpec, Service
from tests.plan.conftest import service, vary


def svc(**fields: object) -> Service:
    return Service.model_validate(service(**fields))


@pytest.mark.parametrize(
    ("fields", "matches"),
    [
        ({"target_rps": 501, "latency_slo_ms": 200}, True),
        ({"target_rps": 500, "latency_slo_ms": 200}, False),  # "> 500"
        ({"target_rps": 900, "latency_slo_ms": 201}, False),
        ({"target_rps": 900, "latency_slo_ms": 100, "kind": "background"}, False),
    ],
)
def test_api_predictable_load(prod: PlatformSpec, fields: dict[str, object], matches: bool) -> None:
    assert api_predictable_load.RULE.matches(svc(**fields), prod) is matches


@pytest.mark.parametrize(
    ("fields", "matches"),
    [
        ({"kind": "background", "execution_time_minutes": 16, "fault_tolerant": True}, True),
        ({"kind": "background", "execution_time_minutes": 15, "fault_tolerant": True}, False),
        ({"kind": "background", "execution_time_minutes": 60, "fault_tolerant": False}, False),
        ({"kind": "batch-analytics", "execution_time_minutes": 60, "fault_tolerant": True}, False),
    ],
)
def test_background_long_running(
    prod: PlatformSpec, fields: dict[str, object], matches: bool
) -> None:
    assert background_long_running.RULE.matches(svc(**fields), prod) is matches


def test_realtime_and_batch_conditions(prod: PlatformSpec) -> None:
    assert realtime_low_latency.RULE.matches(svc(latency_slo_ms=50), prod)
    assert not realtime_low_latency.RULE.matches(svc(latency_slo_ms=51), prod)
    assert batch_analytics.RULE.matches(svc(kind="batch-analytics"), prod)
    assert not batch_analytics.RULE.matches(svc(kind="api"), prod)


def test_mesh_constraint_redirects_only_meshed_fargate(prod: PlatformSpec) -> None:
    check = mesh_not_on_fargate.RULE.check
    redirect = check(svc(meshed=True), prod, "fargate")
    assert redirect is not None
    assert redirect.compute == "ec2_on_demand"
    assert check(svc(meshed=False), prod, "fargate") is None
    assert check(svc(meshed=True), prod, "ec2_spot") is None


def test_fargate_profile_required(prod: PlatformSpec) -> None:
    check = fargate_profile_required.RULE.check
    assert check(svc(namespace="batch", meshed=False), prod, "fargate") is None
    redirect = check(svc(namespace="web", meshed=False), prod, "fargate")
    assert redirect is not None
    assert "namespace 'web'" in redirect.reason


def test_no_fargate_spot_and_capture(prod: PlatformSpec) -> None:
    captured = vary(
        prod, cluster__fargate_profiles=[{"name": "all", "selectors": [{"namespace": "jobs"}]}]
    )
    job = svc(namespace="jobs", meshed=False)
    spot = no_fargate_spot.RULE.check(job, captured, "ec2_spot")
    assert spot is not None
    assert spot.compute is None
    on_demand = ec2_not_captured.RULE.check(job, captured, "ec2_on_demand")
    assert on_demand is not None
    assert on_demand.compute == "fargate"  # off-mesh pods simply run on Fargate
    meshed = ec2_not_captured.RULE.check(svc(namespace="jobs"), captured, "ec2_on_demand")
    assert meshed is not None
    assert meshed.compute is None
    # a labelled selector captures only labelled pods: EC2 placements stay possible
    assert no_fargate_spot.RULE.check(svc(namespace="batch"), prod, "ec2_spot") is None


def test_node_pool_available_degrades_the_fallback(prod: PlatformSpec) -> None:
    pools = prod.model_dump(mode="json")["cluster"]["node_pools"]
    only_spot = vary(prod, cluster__node_pools=[p for p in pools if p["capacity_type"] == "SPOT"])
    only_od = vary(prod, cluster__node_pools=[p for p in pools if p["capacity_type"] != "SPOT"])
    check = node_pool_available.RULE.check
    fallback = "ec2_spot_with_on_demand_fallback"
    degraded = check(svc(), only_spot, fallback)
    assert degraded is not None
    assert degraded.compute == "ec2_spot"
    degraded = check(svc(), only_od, fallback)
    assert degraded is not None
    assert degraded.compute == "ec2_on_demand"
    refused = check(svc(), only_spot, "ec2_on_demand")
    assert refused is not None
    assert refused.compute is None
