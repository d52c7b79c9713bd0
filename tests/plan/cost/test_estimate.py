"""The estimate end to end: prod spec, placement and capacity over prod-shaped templates."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from chariot.plan.capacity import CapacityPlan, plan_capacity
from chariot.plan.cost.catalog import CATALOG_DIR, available_regions
from chariot.plan.cost.estimate import CostEstimate, all_usage_keys, estimate
from chariot.plan.cost.registry import FREE_TYPES, MAPPINGS
from chariot.plan.cost.templates import read_templates
from chariot.plan.cost.usage import Usage, load_usage
from chariot.plan.placement import place
from chariot.spec.model import PlatformSpec
from chariot.spec.problems import SpecError
from tests.plan.cost.helpers import FIXTURES, catalogs_with, with_dr_stack

ROOT = Path(__file__).resolve().parents[3]
TODAY = date(2026, 11, 26)
H = 730
REQUESTS = 1000 * H * 3600 / 1e6  # million edge requests a month at 1,000 rps


@pytest.fixture(scope="module")
def plan(prod: PlatformSpec) -> CapacityPlan:
    return plan_capacity(prod, place(prod))


@pytest.fixture(scope="module")
def result(prod: PlatformSpec, plan: CapacityPlan) -> CostEstimate:
    usage = load_usage(ROOT / "environments" / "usage" / "prod.yaml", all_usage_keys())
    return estimate(prod, FIXTURES, usage, capacity=plan, placements=place(prod), today=TODAY)


def test_every_synthesized_resource_is_priced_free_or_reported(result: CostEstimate) -> None:
    priced = {line.resource for line in result.lines}
    for resource in read_templates(FIXTURES):
        name = f"{resource.stack}/{resource.logical_id}"
        if resource.type in MAPPINGS:
            assert name in priced, name
        elif resource.type in FREE_TYPES:
            assert name in result.free, name
        else:
            assert name in {u.resource for u in result.unpriced}, name
    [unpriced] = result.unpriced
    assert unpriced.type == "AWS::GameLift::Fleet"
    assert any("unpriced" in w for w in result.warnings)


def test_every_line_carries_a_dated_sourced_price(result: CostEstimate) -> None:
    for line in result.lines:
        if line.pricing_model == "free":
            continue
        assert line.source.startswith("https://aws.amazon.com/"), line
        assert date.fromisoformat(line.price_read) >= date(2026, 11, 26)
        assert line.monthly_usd == pytest.approx(line.quantity * line.unit_usd, abs=0.01)


def test_total_matches_an_independent_calculation(result: CostEstimate, plan: CapacityPlan) -> None:
    on_demand = plan.pool("on-demand-workers")
    spot = plan.pool("spot-workers")
    assert on_demand is not None
    assert spot is not None
    nodes = on_demand.nodes_at_target * H * 0.096 + spot.nodes_at_target * H * 0.096 * 0.4
    disks = (on_demand.nodes_at_target + spot.nodes_at_target) * 50 * 0.08
    logs_kept = 365 / 30.4167  # months of ingest a 365-day retention keeps
    by_hand = {
        "NAT": 3 * (H * 0.045 + 100 * 0.045),
        "EIP": 3 * H * 0.005,
        "interface endpoints": 5 * (3 * H * 0.01 + 50 * 0.01),
        "flow + DNS log groups": 2 * (10 * 0.50 + 10 * logs_kept * 0.03),
        "EKS": H * 0.10,
        "Karpenter on Fargate": 2 * (H * 0.04048 + 2 * H * 0.004445),
        "KMS": 3 * (1 + 1 + 20 * 0.03),
        "users table": 5 * 0.125 + 5 * 0.625 + 20 * 0.25 + 20 * 0.20,
        "assets table (1 GSI)": 5 * 0.125 + 10 * 0.625 + 20 * 0.25 + 20 * 0.20,
        "vulnerabilities table": 100 * H * 0.00013 + 100 * H * 0.00065 + 20 * 0.25 + 20 * 0.20,
        "Neptune": 3 * H * 0.313 + 100 * 0.10 + 100 * 0.20,
        "ElastiCache Valkey": 3 * H * 0.1648,
        "secret": 0.40 + 10 * 0.05,
        # edge requests from the spec: 10,000 rps x 0.1 = 1,000 rps, 2,628M a month (finding 2)
        # CloudFront's free 1 TB and 10M requests (finding 5)
        "CloudFront": 0 * 0.085 + (REQUESTS - 10) * 100 * 0.01,
        "WAF": 5 + 4 + REQUESTS * 0.60,
        "HTTP API": 300 * 1.00 + (REQUESTS - 300) * 0.90,
        "ingress NLB": H * 0.0225 + 0.5 * H * 0.006,
        "S3": 100 * 0.023 + 200 * 0.005,
        "alarm": 0.10,
        "nodes": nodes,
        "node disks": disks,
        "EKS control-plane logs": 20 * 0.50 + 20 * 12 * 0.03,
        "internet egress": 0 * 0.09,  # 50 GB: within the free 100 GB
    }
    assert result.total_usd == pytest.approx(sum(by_hand.values()), rel=0.01)


def test_capacity_plan_sets_node_hours_and_karpenter_pools_are_runtime_lines(
    result: CostEstimate, plan: CapacityPlan
) -> None:
    nodes = [line for line in result.lines if line.component == "EC2 Nodes"]
    assert {line.type for line in nodes} == {"(runtime)"}  # Karpenter: not in CloudFormation
    on_demand = next(line for line in nodes if line.pool == "on-demand-workers")
    pool = plan.pool("on-demand-workers")
    assert pool is not None
    assert on_demand.quantity == pool.nodes_at_target * H
    assert any("capacity plan" in a for a in on_demand.assumptions)


def test_savings_are_on_the_right_base(result: CostEstimate) -> None:
    items = {s.name: s for s in result.savings}
    # prod's on-demand pool runs the system pods and non-fault-tolerant services: no spot move
    assert items["Spot instances"].monthly_usd == 0
    assert items["Neptune reserved instances"].monthly_usd == 0
    sp = items["Compute Savings Plan"]
    eligible = sum(
        line.monthly_usd
        for line in result.lines
        if line.pricing_model == "on_demand"
        and (line.price_id.startswith(("ec2.instance.", "fargate.")))
    )
    assert sp.base_usd == pytest.approx(eligible)
    assert result.savings_usd < result.total_usd


def test_json_view_has_totals_components_and_provenance(result: CostEstimate) -> None:
    data = result.to_dict()
    assert data["total_usd"] == result.total_usd
    assert data["optimised_total_usd"] == pytest.approx(result.total_usd - result.savings_usd)
    assert data["catalog_oldest_read"] == "2026-11-26"
    assert sum(c["monthly_usd"] for c in data["components"]) == pytest.approx(
        result.total_usd, abs=0.05
    )
    assert any(
        a.startswith("edge.requests_millions = 2628 ")
        and "spec performance.rps_cluster 10000 rps x edge.average_to_peak = 0.1" in a
        for a in data["assumptions"]
    )


def test_network_only_templates_warn_that_compute_is_not_priced_yet(
    prod: PlatformSpec, tmp_path: Path
) -> None:
    shutil.copy(FIXTURES / "chariot-prod-network.template.json", tmp_path)
    result = estimate(prod, tmp_path, Usage(), today=TODAY)
    assert any("no AWS::EKS::Cluster" in w for w in result.warnings)
    assert any("no usage file" in w for w in result.warnings)
    assert not any(line.component == "EC2 Nodes" for line in result.lines)


def test_old_catalog_warns(prod: PlatformSpec, tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "chariot-prod-network.template.json", tmp_path)
    result = estimate(prod, tmp_path, Usage(), today=date(2027, 6, 1))
    assert any("more than 90" in w for w in result.warnings)


def test_edge_requests_follow_the_spec_and_price_1000_rps(result: CostEstimate) -> None:
    # finding 2 of issue 15: the edge is priced at the spec's design point, not a usage guess
    waf = next(line for line in result.lines if line.price_id == "waf.requests")
    assert waf.quantity == pytest.approx(REQUESTS, rel=1e-3)
    # 1,000 rps more, all month: WAF + CloudFront requests + HTTP API requests at tier 2
    assert result.edge_per_1000_rps_usd == pytest.approx(
        REQUESTS * (0.60 + 100 * 0.01 + 0.90), abs=1
    )
    assert result.to_dict()["edge_per_1000_rps_usd"] == result.edge_per_1000_rps_usd


def test_a_usage_file_volume_overrides_the_derived_edge_requests(
    prod: PlatformSpec, plan: CapacityPlan
) -> None:
    usage = Usage({"edge": {"requests_millions": 100}})
    result = estimate(prod, FIXTURES, usage, capacity=plan, placements=place(prod), today=TODAY)
    waf = next(line for line in result.lines if line.price_id == "waf.requests")
    assert waf.quantity == 100


def test_shared_node_cost_is_split_per_service_by_requested_cpu(
    result: CostEstimate, plan: CapacityPlan
) -> None:
    """Issue 15 (cost allocation): every pool's node lines are split between the services the
    plan places there and the platform's own pods, by requested millicores at target."""
    pools = {a.pool for a in result.allocation}
    for pool in pools:
        parts = [a for a in result.allocation if a.pool == pool]
        node_cost = sum(line.monthly_usd for line in result.lines if line.pool == pool)
        assert sum(a.monthly_usd for a in parts) == pytest.approx(node_cost, abs=0.05)
        assert sum(a.share for a in parts) == pytest.approx(1, abs=1e-3)
    users = next(a for a in result.allocation if a.owner == "users")
    svc = next(s for s in plan.services if s.service == "users")
    assert users.millicores == svc.hpa_min * svc.pod_millicores
    assert any(a.owner == "(platform)" for a in result.allocation)


# ------------------------------------------------------------------ the DR region's own catalog


def test_each_region_is_priced_from_its_own_catalog(prod: PlatformSpec, tmp_path: Path) -> None:
    assert prod.dr is not None
    folder = with_dr_stack(prod, tmp_path / "templates", prod.dr.dr_region)
    result = estimate(prod, folder, Usage(), today=TODAY)
    dr_lines = [x for x in result.lines if x.resource.startswith("chariot-prod-dr-network/")]
    assert {x.price_id for x in dr_lines} >= {"vpc.nat.hour", "kms.key"}
    assert {x.catalog for x in dr_lines if x.price_id} == {f"{prod.dr.dr_region}.yaml"}
    primary = [x for x in result.lines if x.price_id and x not in dr_lines]
    assert {x.catalog for x in primary} == {f"{prod.region}.yaml"}
    assert not any("no catalog for that region" in w for w in result.warnings)
    assert result.catalog == f"{prod.region}.yaml, {prod.dr.dr_region}.yaml"
    data = result.to_dict()
    assert [c["region"] for c in data["catalogs"]] == [prod.region, prod.dr.dr_region]
    assert data["catalog_oldest_read"] == min(c["oldest_read"] for c in data["catalogs"])
    assert all(line["catalog"] for line in data["lines"] if line["price_id"])


def test_a_dr_price_comes_from_the_dr_catalog_not_the_primary(
    prod: PlatformSpec, tmp_path: Path
) -> None:
    """The two shipped catalogs hold equal figures for these ids, so the DR one is edited here:
    the DR stack's NAT gateway follows it, the primary's do not."""
    assert prod.dr is not None
    folder = with_dr_stack(prod, tmp_path / "templates", prod.dr.dr_region)
    catalogs = catalogs_with(tmp_path / "catalogs", prod.dr.dr_region, "vpc.nat.hour", "0.052")
    result = estimate(prod, folder, Usage(), today=TODAY, catalog_dir=catalogs)
    hours = {x.resource: x.unit_usd for x in result.lines if x.price_id == "vpc.nat.hour"}
    assert hours.pop("chariot-prod-dr-network/Nat") == 0.052
    assert len(hours) == 3  # the primary's three NAT gateways, at the us-east-1 price
    assert set(hours.values()) == {0.045}


def test_a_region_without_a_catalog_is_a_clear_error(prod: PlatformSpec, tmp_path: Path) -> None:
    folder = with_dr_stack(prod, tmp_path / "templates", "eu-south-9")
    with pytest.raises(SpecError) as caught:
        estimate(prod, folder, Usage(), today=TODAY)
    [problem] = caught.value.problems
    assert (problem.file, problem.path) == (CATALOG_DIR / "eu-south-9.yaml", "<file>")
    assert problem.reason == (
        f"no price catalog for eu-south-9 (have: {', '.join(available_regions())}); "
        "the templates deploy stack chariot-prod-dr-network there"
    )
