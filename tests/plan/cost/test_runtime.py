"""Runtime lines: what the templates cause but do not contain."""

from __future__ import annotations

import pytest

from chariot.plan.capacity import plan_capacity
from chariot.plan.cost import runtime
from chariot.plan.cost.catalog import load_catalog
from chariot.plan.cost.model import Pricer
from chariot.plan.cost.usage import Usage
from chariot.plan.placement import place
from chariot.spec.model import PlatformSpec
from tests.plan.conftest import vary

PRICER = Pricer(load_catalog("us-east-1"))


def test_karpenter_pools_without_a_node_group_are_priced_from_the_plan(
    prod: PlatformSpec,
) -> None:
    plan = plan_capacity(prod, place(prod))
    lines = runtime.node_lines(prod, plan, PRICER, covered={"spot-workers"})
    assert {line.pool for line in lines} == {"on-demand-workers"}  # the covered pool is skipped
    pool = plan.pool("on-demand-workers")
    assert pool is not None
    nodes = next(line for line in lines if line.component == "EC2 Nodes")
    assert nodes.type == "(runtime)"
    assert nodes.monthly_usd == pytest.approx(pool.nodes_at_target * 730 * 0.096, abs=0.01)
    disks = next(line for line in lines if line.component == "EBS Volumes")
    assert disks.quantity == pool.nodes_at_target * 50


def test_spot_pool_nodes_are_discounted(prod: PlatformSpec) -> None:
    plan = plan_capacity(prod, place(prod))
    [nodes, _] = runtime.node_lines(prod, plan, PRICER, covered={"on-demand-workers"})
    assert nodes.pricing_model == "spot"  # finding 8: it said on_demand x 0.4
    assert nodes.unit_usd == pytest.approx(0.096 * 0.4)


def test_control_plane_logs_only_with_cluster_logging(prod: PlatformSpec) -> None:
    assert len(runtime.cluster_lines(prod, Usage(), PRICER)) == 2
    quiet = vary(prod, cluster__logging=[])
    assert runtime.cluster_lines(quiet, Usage(), PRICER) == []


def test_internet_egress_reads_its_usage_key() -> None:
    [line] = runtime.transfer_lines(Usage({"data_transfer": {"internet_gb_out": 200}}), PRICER)
    # finding 5 of issue 15: the first 100 GB a month are free
    assert line.monthly_usd == pytest.approx((200 - 100) * 0.09)
    [within] = runtime.transfer_lines(Usage({"data_transfer": {"internet_gb_out": 60}}), PRICER)
    assert within.monthly_usd == 0


def test_cross_az_traffic_follows_the_bytes_served() -> None:
    # finding 7 of issue 15: 2 of 3 responses cross a zone to the gateway, billed out and in
    usage = Usage({"edge": {"gb_out": 900}})
    cross = next(
        line
        for line in runtime.transfer_lines(usage, PRICER, azs=3)
        if line.price_id == "transfer.cross_az.gb"
    )
    assert cross.monthly_usd == pytest.approx(900 * 2 / 3 * 2 * 0.01)
    assert all(
        line.price_id != "transfer.cross_az.gb" for line in runtime.transfer_lines(usage, PRICER)
    )
