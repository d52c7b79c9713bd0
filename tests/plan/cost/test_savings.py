"""Savings items: each on the base it can apply to, never counted twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from chariot.plan.cost import savings
from chariot.plan.cost.catalog import load_catalog
from chariot.plan.cost.model import CostLine, Pricer
from chariot.plan.cost.usage import Usage
from chariot.plan.placement import place
from chariot.spec.model import PlatformSpec
from tests.plan.conftest import service, vary

CATALOG = load_catalog("us-east-1")
PRICER = Pricer(CATALOG)


def node_line(pool: str, hours: float, spot: bool = False, steady: bool = True) -> CostLine:
    return PRICER.line(
        "EC2 Nodes",
        pool,
        rtype="(runtime)",
        description="nodes",
        quantity=hours,
        price_id="ec2.instance.m6i.large",
        multiplier=0.4 if spot else 1.0,
        pool=pool,
        model="spot" if spot else None,
        steady=steady,
    )


def test_spot_discounts_only_what_is_still_on_demand() -> None:
    lines = [node_line("a", 730), node_line("b", 730 * 3, spot=True)]
    item = savings.spot(lines, CATALOG, None)
    assert item.base_usd == pytest.approx(730 * 0.096)
    assert item.monthly_usd == pytest.approx(730 * 0.096 * 0.6)


def test_spot_only_in_pools_of_fault_tolerant_services(prod: PlatformSpec) -> None:
    pools = prod.model_dump(mode="json")["cluster"]["node_pools"]
    pools.append({**pools[1], "name": "jobs-on-demand", "labels": {"pool": "jobs"}})
    spec = vary(
        prod,
        [service(name="api"), service(name="crawler", kind="background", fault_tolerant=True)],
        cluster__node_pools=pools,
    )
    placements = place(spec)
    # everything lands on the first on-demand pool, which also runs the system pods
    assert savings.interruptible_pools(spec, placements) == set()


def nat_line() -> CostLine:
    return PRICER.line(
        "NAT Gateway",
        "nat",
        rtype="AWS::EC2::NatGateway",
        description="hours",
        quantity=730,
        price_id="vpc.nat.hour",
    )


def test_endpoint_item_reports_the_break_even_and_new_endpoint_gain(tmp_path: Path) -> None:
    nat = nat_line()
    usage = Usage({"nat_gateway": {"gb_to_aws_services": 2000}})
    item = savings.endpoints([nat], CATALOG, usage, azs=3)
    assert "break-even 626 GB/month" in item.detail
    assert item.monthly_usd == pytest.approx(2000 * 0.035 - 3 * 730 * 0.01)
    # below the break-even nothing is proposed
    usage = Usage({"nat_gateway": {"gb_to_aws_services": 500}})
    assert savings.endpoints([nat], CATALOG, usage, azs=3).monthly_usd == 0


def test_savings_plan_is_capped_by_the_commitment() -> None:
    lines = [node_line("a", 730 * 10)]
    full = savings.savings_plan(lines, CATALOG, Usage(), set())
    assert full.base_usd == pytest.approx(730 * 10 * 0.096)
    capped = savings.savings_plan(
        lines, CATALOG, Usage({"savings_plan": {"commitment_usd": 100}}), set()
    )
    assert capped.base_usd == pytest.approx(100 / (1 - 0.17))
    assert capped.monthly_usd < full.monthly_usd


# ---------------------------------------------------------------- finding 8 of issue 15


def test_savings_plan_covers_only_the_always_on_floor() -> None:
    # a schedule's business-hours nodes run 60 of 168 hours: a commitment on them is wasted
    lines = [node_line("a", 730 * 3), node_line("a", 730 * 7 * 60 / 168, steady=False)]
    item = savings.savings_plan(lines, CATALOG, Usage(), set())
    assert item.base_usd == pytest.approx(730 * 3 * 0.096)
    assert "part-time" in item.detail


def test_no_commitments_for_an_environment_without_deletion_protection(dev: PlatformSpec) -> None:
    assert not dev.deletion_protection
    lines = [
        node_line("a", 730 * 3),
        PRICER.line(
            "ElastiCache",
            "cache",
            rtype="AWS::ElastiCache::ReplicationGroup",
            description="nodes",
            quantity=730,
            price_id="elasticache.node.cache.t4g.small.valkey",
        ),
    ]
    items = {s.name: s for s in savings.optimise(lines, CATALOG, Usage(), dev, place(dev))}
    for name in ("Compute Savings Plan", "ElastiCache reserved nodes"):
        assert items[name].monthly_usd == 0, name
        assert "not advised" in items[name].detail


def endpoint_lines(name: str) -> list[CostLine]:
    hours = PRICER.line(
        "VPC Endpoints",
        f"net/{name}",
        rtype="AWS::EC2::VPCEndpoint",
        description=f"interface endpoint ({name}) x 3 AZs",
        quantity=3 * 730,
        price_id="privatelink.interface.hour",
    )
    return [hours, nat_line()]


def test_an_endpoint_the_spec_requires_is_never_a_saving() -> None:
    lines = endpoint_lines("sts")
    removable = savings.endpoints(lines, CATALOG, Usage(), 3, frozenset({"logs"}))
    assert removable.monthly_usd == pytest.approx(3 * 730 * 0.01)
    required = savings.endpoints(lines, CATALOG, Usage(), 3, frozenset({"sts"}))
    assert required.monthly_usd == 0
    assert "spec requires them" in required.detail


def test_dynamodb_reservations_come_in_blocks_of_100() -> None:
    def capacity(kind: str, units: float) -> CostLine:
        return PRICER.line(
            "DynamoDB",
            "t",
            rtype="AWS::DynamoDB::Table",
            description=kind,
            quantity=730 * units,
            price_id=f"dynamodb.provisioned.{kind}",
        )

    item = savings.reserved_dynamodb([capacity("rcu", 250), capacity("wcu", 90)], CATALOG)
    assert item is not None
    # 2 blocks of RCU; 90 WCU is below the smallest reservation
    assert item.base_usd == pytest.approx(200 * 730 * 0.00013)
    assert item.monthly_usd == pytest.approx(200 * 730 * 0.00013 * 0.22)
