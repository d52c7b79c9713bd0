"""Placement: the seed's decision tree, with DESIGN's corrections winning over it."""

from __future__ import annotations

import pytest

from chariot.plan.placement import PlacementError, place
from chariot.plan.placement.registry import CONSTRAINTS, PREFERENCES
from chariot.spec.model import PlatformSpec
from tests.plan.conftest import service, vary

SPOT_TOLERATION = {
    "key": "spot-instance",
    "operator": "Equal",
    "value": "true",
    "effect": "NoSchedule",
}


def rules(placement: object) -> list[str]:
    return [f.rule for f in placement.fired]  # type: ignore[attr-defined]


def test_prod_catalog_never_lands_a_meshed_service_on_fargate(prod: PlatformSpec) -> None:
    placements = place(prod)
    assert set(placements) == {s.name for s in prod.services}
    for svc in prod.services:
        placed = placements[svc.name]
        assert svc.meshed
        assert placed.compute == "ec2_on_demand"
        # the seed's API rule fired and the mesh constraint overrode it, both with reasons
        assert rules(placed) == ["api-predictable-load", "mesh-not-on-fargate"]
        assert all(f.reason for f in placed.fired)
        assert "aws/containers-roadmap#682" in placed.fired[1].reason


def test_on_demand_placement_selects_the_pool_labels(prod: PlatformSpec) -> None:
    placed = place(prod)["users"]
    pool = next(p for p in prod.cluster.node_pools if p.capacity_type == "ON_DEMAND")
    assert placed.pool == pool.name
    assert placed.node_selector == pool.labels
    assert placed.tolerations == []


def test_non_meshed_api_with_a_profile_goes_to_fargate(prod: PlatformSpec) -> None:
    spec = vary(
        prod,
        [
            service(
                name="ingest", namespace="batch", meshed=False, target_rps=800, latency_slo_ms=150
            )
        ],
    )
    placed = place(spec)["ingest"]
    assert placed.compute == "fargate"
    assert placed.pool == "batch-offmesh"
    assert placed.pod_labels == {"compute-type": "fargate"}  # the profile's selector labels
    assert placed.node_selector == {}
    assert rules(placed) == ["api-predictable-load"]


def test_fargate_preference_without_profile_falls_back_to_on_demand(prod: PlatformSpec) -> None:
    spec = vary(
        prod,
        [
            service(
                name="ingest", namespace="edge", meshed=False, target_rps=800, latency_slo_ms=150
            )
        ],
    )
    placed = place(spec)["ingest"]
    assert placed.compute == "ec2_on_demand"
    assert rules(placed) == ["api-predictable-load", "fargate-profile-required"]


def test_long_fault_tolerant_background_job_goes_to_spot_with_tolerations(
    prod: PlatformSpec,
) -> None:
    spec = vary(
        prod,
        [
            service(
                name="scanner",
                kind="background",
                execution_time_minutes=45,
                fault_tolerant=True,
                tier="batch",
            )
        ],
    )
    placed = place(spec)["scanner"]
    assert placed.compute == "ec2_spot"
    assert placed.pool == "spot-workers"
    assert placed.node_selector == {
        "workload-type": "batch-processing",
        "cost-optimization": "spot",
    }
    assert placed.tolerations == [SPOT_TOLERATION]
    assert rules(placed) == ["background-long-running"]


@pytest.mark.parametrize(("minutes", "tolerant"), [(10, True), (45, False)])
def test_short_or_fragile_background_job_stays_on_demand(
    prod: PlatformSpec, minutes: int, tolerant: bool
) -> None:
    spec = vary(
        prod,
        [
            service(
                name="job",
                kind="background",
                execution_time_minutes=minutes,
                fault_tolerant=tolerant,
            )
        ],
    )
    placed = place(spec)["job"]
    assert placed.compute == "ec2_on_demand"
    assert rules(placed) == ["default-on-demand"]


def test_low_latency_beats_the_api_rule(prod: PlatformSpec) -> None:
    spec = vary(prod, [service(name="quote", target_rps=900, latency_slo_ms=40)])
    placed = place(spec)["quote"]
    assert placed.compute == "ec2_on_demand"
    assert rules(placed) == ["realtime-low-latency"]
    assert "no cold starts" in placed.fired[0].reason


def test_batch_analytics_prefers_spot_and_may_fall_back(prod: PlatformSpec) -> None:
    spec = vary(prod, [service(name="report", kind="batch-analytics", tier="batch")])
    placed = place(spec)["report"]
    assert placed.compute == "ec2_spot_with_on_demand_fallback"
    assert placed.preferred_node_selector["cost-optimization"] == "spot"
    assert placed.tolerations == [SPOT_TOLERATION]
    # no hard selector: the on-demand pool stays eligible as the fallback
    assert placed.node_selector == {}


def test_meshed_service_pinned_to_fargate_is_a_conflict_naming_service_and_rule(
    prod: PlatformSpec,
) -> None:
    spec = vary(prod, [service(name="users", compute="fargate", meshed=True)])
    with pytest.raises(PlacementError) as caught:
        place(spec)
    [conflict] = caught.value.conflicts
    assert conflict.service == "users"
    assert conflict.rule == "mesh-not-on-fargate"
    assert "service 'users': rule 'mesh-not-on-fargate'" in str(caught.value)


def test_spot_pin_without_a_spot_pool_is_a_conflict(prod: PlatformSpec) -> None:
    pools = [
        p
        for p in prod.model_dump(mode="json")["cluster"]["node_pools"]
        if p["capacity_type"] == "ON_DEMAND"
    ]
    spec = vary(prod, [service(name="job", compute="ec2_spot")], cluster__node_pools=pools)
    with pytest.raises(PlacementError) as caught:
        place(spec)
    assert caught.value.conflicts[0].rule == "no-fargate-spot"


def test_spot_in_a_namespace_captured_by_fargate_is_rejected(prod: PlatformSpec) -> None:
    profiles = [{"name": "everything", "selectors": [{"namespace": "jobs"}]}]
    spec = vary(
        prod,
        [
            service(
                name="crawl",
                namespace="jobs",
                kind="background",
                meshed=False,
                execution_time_minutes=60,
                fault_tolerant=True,
            )
        ],
        cluster__fargate_profiles=profiles,
    )
    with pytest.raises(PlacementError) as caught:
        place(spec)
    [conflict] = caught.value.conflicts
    assert (conflict.service, conflict.rule) == ("crawl", "no-fargate-spot")
    assert "no Fargate Spot" in conflict.reason


def test_pin_is_reported_with_the_preference_it_overrides(prod: PlatformSpec) -> None:
    spec = vary(prod, [service(name="api", target_rps=900, latency_slo_ms=100, compute="ec2_spot")])
    placed = place(spec)["api"]
    assert placed.compute == "ec2_spot"
    assert rules(placed) == ["spec-pin", "api-predictable-load"]
    assert "pin takes precedence" in placed.fired[1].reason


def test_every_conflict_is_reported_not_just_the_first(prod: PlatformSpec) -> None:
    spec = vary(prod, [service(name="a", compute="fargate"), service(name="b", compute="fargate")])
    with pytest.raises(PlacementError) as caught:
        place(spec)
    assert [c.service for c in caught.value.conflicts] == ["a", "b"]


def test_registry_names_are_unique_and_every_rule_has_a_reason() -> None:
    names = [r.name for r in PREFERENCES] + [c.name for c in CONSTRAINTS]
    assert len(names) == len(set(names))
    assert all(r.reason and r.source and r.condition for r in PREFERENCES)
    assert all(c.source and c.condition and c.reason for c in CONSTRAINTS)
    assert PREFERENCES[-1].name == "default-on-demand"  # the catch-all comes last
