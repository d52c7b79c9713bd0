"""Capacity: replicas from the per-pod rate, HPA bounds, bin-packing, Fargate sizes, scale check."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chariot.plan.capacity import (
    DEFAULT_RPS_PER_VCPU,
    FARGATE_CONFIGS,
    PerPod,
    fargate_size,
    plan_capacity,
    read_per_pod,
)
from chariot.plan.placement import place
from chariot.spec.load import load_spec
from chariot.spec.model import PlatformSpec
from chariot.spec.node_capacity import pack, reserved_mebibytes, reserved_millicores
from chariot.spec.problems import SpecError
from tests.plan.conftest import ROOT, service, vary


@pytest.mark.parametrize(
    ("cpu", "mem", "expected"),
    [
        (250, 512, (0.25, 1.0)),  # 512 + 256 = 768 MiB -> the 1 GB size
        (250, 256, (0.25, 0.5)),  # 256 + 256 fits 0.5 GB exactly
        (500, 1024, (0.5, 2.0)),  # 1280 MiB -> 2 GB
        (1000, 2048, (1.0, 3.0)),  # 2304 MiB -> 3 GB at 1 vCPU
        (1100, 2176, (2.0, 4.0)),  # more than 1 vCPU -> 2 vCPU, whose minimum is 4 GB
        (2000, 4096, (2.0, 5.0)),
    ],
)
def test_fargate_rounding_adds_256_mib_and_takes_the_next_size(
    cpu: int, mem: int, expected: tuple[float, float]
) -> None:
    assert fargate_size(cpu, mem) == expected


def test_first_fit_decreasing_packs_by_both_dimensions() -> None:
    assert pack([], 1000, 1000) == 0
    assert pack([(600, 100)] * 3, 1000, 1000) == 3  # cpu-bound: one per node
    assert pack([(100, 600)] * 3, 1000, 1000) == 3  # memory-bound
    assert pack([(500, 500)] * 4, 1000, 1000) == 2
    with pytest.raises(ValueError, match="does not fit"):
        pack([(2000, 10)], 1000, 1000)


def test_eks_reserved_resources_follow_the_ami_formula() -> None:
    assert reserved_millicores(2) == 70  # 60 + 10
    assert reserved_millicores(4) == 80
    assert reserved_millicores(8) == 90
    assert reserved_mebibytes(110) == 11 * 110 + 255 + 100


def test_prod_replicas_cover_the_target_with_hpa_headroom(prod: PlatformSpec) -> None:
    plan = plan_capacity(prod, place(prod))
    users = next(s for s in plan.services if s.service == "users")
    # critical tier: 1 vCPU -> 1000 rps per pod by default, at most 70% -> 700 rps useful
    assert users.per_pod.rps == DEFAULT_RPS_PER_VCPU
    assert not users.per_pod.measured
    assert "default" in users.per_pod.source
    assert users.replicas_at_target == math.ceil(1000 / 700)
    assert users.hpa_min == 3  # 1000 rps with a zone lost: ceil(1000 / 700 x 3/2)
    # issue 15, finding 9: min < max, so the HPA can act; the ceiling covers the edge limit
    # with a zone lost plus internal calls: ceil(3400 / 700 x 3/2 x 1.25) = 10
    assert users.hpa_max == math.ceil(3400 / 700 * 3 / 2 * 1.25) == 10
    assert users.pod_millicores == 1100  # 1000m app + 100m Istio sidecar
    assert users.pod_mebibytes == 2048 + 128
    for svc in plan.services:
        assert svc.hpa_min < svc.hpa_max
        # two of three zones' pods still serve the target rate
        assert svc.hpa_min * 2 / 3 * svc.per_pod.rps * 0.7 >= 1000


def test_prod_pools_include_daemonset_and_system_overhead(prod: PlatformSpec) -> None:
    plan = plan_capacity(prod, place(prod))
    pool = plan.pool("on-demand-workers")
    assert pool is not None
    assert {d.name for d in plan.daemonsets} >= {"aws-node", "kube-proxy", "ebs-csi-node"}
    assert pool.daemonset_millicores == sum(d.millicores for d in plan.daemonsets)
    # m6i.large: 2000m - 70m reserved - DaemonSets
    assert pool.node_millicores == 2000 - 70 - pool.daemonset_millicores
    assert any(p.startswith("istiod") for p in pool.pods)
    requested = 3 * 1100 + 6 * 600 + 2 * 100 + 2 * 500 + 2 * 100 + 2 * 100 + 100
    assert pool.nodes_at_target >= math.ceil(requested / pool.node_millicores)
    assert pool.nodes_at_target <= pool.max_size
    spot = plan.pool("spot-workers")
    assert spot is not None
    assert spot.pods == []
    assert spot.nodes_at_target == spot.min_size  # nothing placed there: only the floor
    # Karpenter runs on its Fargate profile, rounded to a billable size
    [karpenter] = plan.fargate
    assert (karpenter.profile, karpenter.vcpu, karpenter.gib) == ("karpenter", 1.0, 2.0)


def test_seed_scale_check_names_the_limit_that_is_hit(prod: PlatformSpec) -> None:
    # the seed's throttles: 1000 rps per service cannot add up to the cluster's 10,000
    seed = vary(prod, [{**s, "rps_limit": 1000} for s in prod.model_dump(mode="json")["services"]])
    plan = plan_capacity(seed, place(seed))
    by_name = {c.name: c for c in plan.checks}
    assert by_name["users: 1000 rps per service"].ok
    cluster = by_name["cluster: 10000 rps in total"]
    assert not cluster.ok
    assert "3000 rps < 10000" in cluster.detail
    assert "throttled at 1000" in cluster.detail


def test_every_prod_check_passes(prod: PlatformSpec) -> None:
    """Prod's sizes (docs/planning.md, "Prod's sizes"): throttles that add up to the cluster
    target, a schedule that never drops below the plan, a max_size above the HPA maximums;
    with the measured per-pod rates, as `chariot plan` and `chariot cost` use them."""
    plan = plan_capacity(prod, place(prod), read_per_pod(ROOT))
    assert [(c.name, c.detail) for c in plan.checks if not c.ok] == []
    pool = plan.pool("on-demand-workers")
    assert pool is not None
    schedule = prod.cost.scheduled_scaling
    assert schedule.off_hours is not None
    assert schedule.business_hours is not None
    assert schedule.off_hours.desired == pool.nodes_at_target
    assert schedule.business_hours.desired == pool.nodes_at_max <= pool.max_size


def test_scale_check_flags_a_pool_too_small_for_hpa_max(dev: PlatformSpec) -> None:
    plan = plan_capacity(dev, place(dev))
    check = next(c for c in plan.checks if c.name.startswith("on-demand-workers"))
    assert not check.ok
    assert "max_size 3" in check.detail


def test_measured_capacity_replaces_the_default(prod: PlatformSpec, tmp_path: Path) -> None:
    bench = tmp_path / "benchmarks"
    bench.mkdir()
    (bench / "capacity.json").write_text(
        json.dumps(
            {
                "users": {"rps_per_pod": 3000, "cores": 1, "measured_on": "2026-11-20"},
                "assets": {"rps_per_pod": 3000, "cores": 2, "measured_on": "2026-11-20"},
            }
        )
    )
    measured = read_per_pod(tmp_path)
    assert measured["users"].measured
    assert "2026-11-20" in measured["users"].source
    plan = plan_capacity(prod, place(prod), measured)
    users = next(s for s in plan.services if s.service == "users")
    assert users.per_pod.rps == 3000  # critical tier: 1000m requested, as measured
    assert users.replicas_at_target == 1  # 1000 / (3000 x 0.7)
    assets = next(s for s in plan.services if s.service == "assets")
    assert assets.per_pod.rps == 750  # 3000 on 2 cores, x 0.5 vCPU requested (standard)
    assert assets.per_pod.measured
    vulnerabilities = next(s for s in plan.services if s.service == "vulnerabilities")
    assert not vulnerabilities.per_pod.measured


def test_a_measurement_must_say_its_cpu(prod: PlatformSpec, tmp_path: Path) -> None:
    (tmp_path / "benchmarks").mkdir()
    (tmp_path / "benchmarks" / "capacity.json").write_text('{"users": {"rps_per_pod": 3000}}')
    with pytest.raises(SpecError, match=r"users\.cores"):
        read_per_pod(tmp_path)


def test_a_zero_measurement_keeps_the_default(prod: PlatformSpec, tmp_path: Path) -> None:
    (tmp_path / "benchmarks").mkdir()
    (tmp_path / "benchmarks" / "capacity.json").write_text('{"users": {"rps_per_pod": 0}}')
    assert read_per_pod(tmp_path) == {}


def test_bad_benchmark_file_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "benchmarks").mkdir()
    (tmp_path / "benchmarks" / "capacity.json").write_text('{"users": {"rps_per_pod": -1}}')
    with pytest.raises(SpecError, match=r"users\.rps_per_pod"):
        read_per_pod(tmp_path)


def test_fargate_service_is_sized_without_a_sidecar(prod: PlatformSpec) -> None:
    spec = vary(
        prod,
        [
            service(
                name="ingest",
                namespace="batch",
                meshed=False,
                target_rps=800,
                latency_slo_ms=150,
                rps_limit=800,
            )
        ],
    )
    plan = plan_capacity(spec, place(spec), {"ingest": PerPod(400, "test", True)})
    [svc] = plan.services
    assert svc.compute == "fargate"
    assert svc.pod_millicores == 500  # standard tier, no sidecar off the mesh
    assert (svc.fargate_vcpu, svc.fargate_gib) == (0.5, 2.0)
    assert any(p.name == "ingest" and p.replicas == svc.hpa_min for p in plan.fargate)


@given(st.integers(1, 16000), st.integers(1, 120 * 1024 - 256))
def test_fargate_size_always_covers_the_request_plus_overhead(cpu: int, mem: int) -> None:
    vcpu, gib = fargate_size(cpu, mem)
    assert vcpu * 1000 >= cpu
    assert gib * 1024 >= mem + 256
    # and it is the smallest such size: one step down in memory would not fit
    memories = dict(FARGATE_CONFIGS)[vcpu]
    smaller = [m for m in memories if m < gib * 1024]
    assert not smaller or smaller[-1] < mem + 256 or vcpu * 1000 < cpu


@given(st.lists(st.tuples(st.integers(1, 1000), st.integers(1, 1000)), max_size=40))
def test_packing_needs_at_least_the_volume_and_at_most_one_node_per_pod(
    pods: list[tuple[int, int]],
) -> None:
    nodes = pack(pods, 1000, 1000)
    assert nodes <= len(pods)
    assert nodes >= math.ceil(sum(c for c, _ in pods) / 1000)
    assert nodes >= math.ceil(sum(m for _, m in pods) / 1000)


@pytest.mark.parametrize("env", ["dev", "staging", "prod"])
def test_every_environment_plans(env: str) -> None:
    spec = load_spec(ROOT, env)
    placements = place(spec)
    plan = plan_capacity(spec, placements)
    assert all(p.compute != "fargate" for p in placements.values())
    assert all(pool.nodes_at_target >= pool.min_size for pool in plan.pools)


def test_sizes_below_the_plan_fail_their_checks(prod: PlatformSpec, dev: PlatformSpec) -> None:
    """Issue 15, finding 9: a schedule or max_size below what the plan needs is a failed check,
    not a silent shortfall (the seed's off-hours 3 nodes, dev's max_size 3)."""
    seed = vary(prod, cost__scheduled_scaling__off_hours={"cron": "0 20 * * 1-5", "desired": 3})
    plan = plan_capacity(seed, place(seed))
    by_name = {c.name: c for c in plan.checks}
    pool = plan.pool("on-demand-workers")
    assert pool is not None
    sizes = by_name["on-demand-workers: fixed and scheduled sizes cover the plan"]
    assert not sizes.ok
    assert f"needs {pool.nodes_at_target} nodes" in sizes.detail
    assert "off_hours 3" in sizes.detail
    dev_plan = plan_capacity(dev, place(dev))
    dev_checks = {c.name: c for c in dev_plan.checks}
    assert not dev_checks["on-demand-workers: nodes at target within max_size"].ok
    # a schedule that covers the plan passes
    enough = vary(
        prod,
        cost__scheduled_scaling__off_hours={"cron": "0 20 * * 1-5", "desired": 50},
        cost__scheduled_scaling__business_hours={"cron": "0 8 * * 1-5", "desired": 50},
    )
    checks = {c.name: c for c in plan_capacity(enough, place(enough)).checks}
    assert checks["on-demand-workers: fixed and scheduled sizes cover the plan"].ok
