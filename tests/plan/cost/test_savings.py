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


def node_line(pool: str, hours: float, spot: bool = False) -> CostLine:
    return PRICER.line(
        "EC2 Nodes",
        pool,
        rtype="(runtime)",
        description="nodes",
        quantity=hours,
        price_id="ec2.instance.m6i.large",
        multiplier=0.4 if spot else 1.0,
        pool=pool,
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


def test_endpoint_item_reports_the_break_even_and_new_endpoint_gain(tmp_path: Path) -> None:
    nat = PRICER.line(
        "NAT Gateway",
        "nat",
        rtype="AWS::EC2::NatGateway",
        description="hours",
        quantity=730,
        price_id="vpc.nat.hour",
    )
    usage = Usage({"nat_gateway": {"gb_to_aws_services": 2000}})
    item = savings.endpoints([nat], CATALOG, usage, azs=3)
    assert "break-even 626 GB/month" in item.detail
    assert item.monthly_usd == pytest.approx(2000 * 0.035 - 3 * 730 * 0.01)
    # below the break-even nothing is proposed
    usage = Usage({"nat_gateway": {"gb_to_aws_services": 500}})
    assert savings.endpoints([nat], CATALOG, usage, azs=3).monthly_usd == 0


def test_savings_plan_is_capped_by_the_commitment() -> None:
    lines = [node_line("a", 730 * 10)]
    spot_item = savings.spot([], CATALOG, None)
    full = savings.savings_plan(lines, CATALOG, Usage(), spot_item)
    assert full.base_usd == pytest.approx(730 * 10 * 0.096)
    capped = savings.savings_plan(
        lines, CATALOG, Usage({"savings_plan": {"commitment_usd": 100}}), spot_item
    )
    assert capped.base_usd == pytest.approx(100 / (1 - 0.17))
    assert capped.monthly_usd < full.monthly_usd
