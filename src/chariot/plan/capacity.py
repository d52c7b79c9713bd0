"""Capacity: replicas, HPA bounds, node counts per pool and Fargate sizes, from the spec's SLOs.

The chain is: per-pod capacity (measured by a benchmark when `benchmarks/capacity.json` has the
service, otherwise a stated default) -> replicas at the target rate with headroom for the HPA's
cpu target -> HPA bounds (tier bounds, the edge throttle limit) -> pods bin-packed onto each node
pool's instance type after DaemonSet and kube-reserved overhead -> Fargate pods rounded up to a
billable size. Then the scale check against the spec's performance targets.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from chariot.spec.footprints import FOOTPRINTS, Pod
from chariot.spec.instance_types import max_pods
from chariot.spec.model import NodePool, PlatformSpec, Service, mebibytes, millicores
from chariot.spec.node_capacity import SIDECAR_MEBIBYTES, SIDECAR_MILLICORES, allocatable, pack
from chariot.spec.placement import Placement
from chariot.spec.problems import Problem, SpecError
from chariot.spec.vpc_cni import vpc_cni

# A stated default, used when no benchmark measured the service: requests per second a pod
# sustains per vCPU of its cpu request. An orientation figure is ~2.5k req/s on 2 cores for a
# cache-hit path with JWT checks (~1.25k per core; this project's own runs are in
# benchmarks/results/); 1000 per vCPU leaves room for the Envoy sidecar and data-store round
# trips. Replace it with a measurement in benchmarks/capacity.json.
DEFAULT_RPS_PER_VCPU = 1000.0
BENCHMARK_FILE = Path("benchmarks") / "capacity.json"

# HPA headroom (issue 15): the floor serves the target rate with one zone lost (pods are spread
# over the zones, so (z-1)/z of them remain), and the ceiling serves the edge limit with one zone
# lost plus service-to-service calls, which arrive through the mesh and bypass the edge throttle:
# a stated planning share of INTERNAL_CALL_SHARE on top. The ceiling is always above the floor,
# or the HPA could never act (the check says so when the tier's max forbids it).
INTERNAL_CALL_SHARE = 0.25

# Fargate adds 256 MiB for Kubernetes components, then bills the next configuration up.
# Source: https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html
FARGATE_OVERHEAD_MEBIBYTES = 256
FARGATE_CONFIGS: tuple[tuple[float, tuple[int, ...]], ...] = (
    (0.25, (512, 1024, 2048)),
    (0.5, tuple(range(1024, 4097, 1024))),
    (1.0, tuple(range(2048, 8193, 1024))),
    (2.0, tuple(range(4096, 16385, 1024))),
    (4.0, tuple(range(8192, 30721, 1024))),
    (8.0, tuple(range(16384, 61441, 4096))),
    (16.0, tuple(range(32768, 122881, 8192))),
)


@dataclass(frozen=True)
class PerPod:
    """How many requests per second one pod of a service sustains, and how we know."""

    rps: float
    source: str
    measured: bool
    cores: float | None = None  # the CPU the measured worker had; None: the rate is per pod

    def at_request(self, millicores: int) -> PerPod:
        """A rate measured on `cores` scaled to a pod whose app container requests `millicores`:
        the HPA holds a pod at a share of its cpu request, not of the benchmark's core, so a
        500m pod serves half of what one core did (the sidecar has its own request)."""
        if self.cores is None:
            return self
        vcpu = millicores / 1000
        return PerPod(
            self.rps * vcpu / self.cores,
            f"{self.source}: {self.rps:g} rps on {self.cores:g} vCPU x {vcpu:g} vCPU requested",
            self.measured,
        )


@dataclass(frozen=True)
class ServiceCapacity:
    service: str
    tier: str
    compute: str
    pool: str | None
    pod_millicores: int  # app container + sidecar
    pod_mebibytes: int
    per_pod: PerPod
    replicas_at_target: int
    hpa_min: int
    hpa_max: int
    replicas_at_limit: int
    rps_at_hpa_max: float
    fargate_vcpu: float | None = None
    fargate_gib: float | None = None


@dataclass(frozen=True)
class PoolCapacity:
    name: str
    capacity_type: str
    instance_type: str
    node_millicores: int  # allocatable after kube-reserved and DaemonSets
    node_mebibytes: int
    daemonset_millicores: int
    daemonset_mebibytes: int
    pods: list[str]
    nodes_at_target: int
    nodes_at_max: int
    min_size: int
    max_size: int
    cpu_utilisation: float  # requested / allocatable at target, 0..1


@dataclass(frozen=True)
class FargatePod:
    name: str
    profile: str
    replicas: int
    vcpu: float
    gib: float
    requested_millicores: int
    requested_mebibytes: int


@dataclass(frozen=True)
class ScaleCheck:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class CapacityPlan:
    services: list[ServiceCapacity]
    pools: list[PoolCapacity]
    fargate: list[FargatePod]
    system: list[Pod]
    daemonsets: list[Pod]
    checks: list[ScaleCheck] = field(default_factory=list)

    def pool(self, name: str) -> PoolCapacity | None:
        return next((p for p in self.pools if p.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_per_pod(root: Path) -> dict[str, PerPod]:
    """Measured per-pod capacity from `benchmarks/capacity.json`, if the file exists.

    Format: {"<service>": {"rps_per_pod": 2400, "cores": 1, "measured_on": "2026-11-26",
    "machine": "..."}} (benchmarks/service_path.py writes it; other keys are ignored): the rate
    one worker held on `cores` of CPU, scaled to each pod's cpu request by the planner. A 0
    means the benchmark found no rate that held its limits: the service keeps the default.
    """
    file = root / BENCHMARK_FILE
    if not file.is_file():
        return {}
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SpecError(
            [Problem(file, "<file>", f"cannot read benchmark results: {exc}")]
        ) from None
    if not isinstance(data, dict):
        raise SpecError([Problem(file, "<root>", "must map service names to results")])
    measured: dict[str, PerPod] = {}
    for name, entry in data.items():
        rps = entry.get("rps_per_pod") if isinstance(entry, dict) else None
        if not isinstance(rps, int | float) or isinstance(rps, bool) or rps < 0:
            raise SpecError([Problem(file, f"{name}.rps_per_pod", "must be a number >= 0")])
        if rps == 0:  # the benchmark found no rate that held its limits: no usable measurement
            continue
        cores = entry.get("cores")
        if not isinstance(cores, int | float) or isinstance(cores, bool) or cores <= 0:
            raise SpecError(
                [Problem(file, f"{name}.cores", "must be the CPU (> 0) the rate was measured on")]
            )
        on = entry.get("measured_on", "?")
        machine = entry.get("machine", "?")
        source = f"measured {on} on {machine} ({file})"
        measured[name] = PerPod(float(rps), source, True, float(cores))
    return measured


def default_per_pod(service: Service, spec: PlatformSpec) -> PerPod:
    vcpu = millicores(spec.tiers[service.tier].cpu) / 1000
    return PerPod(
        DEFAULT_RPS_PER_VCPU * vcpu,
        f"default: {DEFAULT_RPS_PER_VCPU:g} rps per vCPU x {vcpu:g} vCPU (no benchmark)",
        False,
    )


def fargate_size(pod_millicores: int, pod_mebibytes: int) -> tuple[float, float]:
    """The billed Fargate (vCPU, GiB) for a pod's requests: +256 MiB, then the next size up."""
    memory = pod_mebibytes + FARGATE_OVERHEAD_MEBIBYTES
    for vcpu, memories in FARGATE_CONFIGS:
        if vcpu * 1000 < pod_millicores:
            continue
        for option in memories:
            if option >= memory:
                return vcpu, option / 1024
    raise ValueError(f"{pod_millicores}m / {pod_mebibytes}Mi exceeds the largest Fargate size")


def _pod_shape(service: Service, spec: PlatformSpec, compute: str) -> tuple[int, int]:
    tier = spec.tiers[service.tier]
    cpu, memory = millicores(tier.cpu), mebibytes(tier.memory)
    if service.meshed and compute != "fargate":
        cpu, memory = cpu + SIDECAR_MILLICORES, memory + SIDECAR_MEBIBYTES
    return cpu, memory


def _service_capacity(
    service: Service, spec: PlatformSpec, placement: Placement, per_pod: PerPod
) -> ServiceCapacity:
    tier = spec.tiers[service.tier]
    headroom = spec.performance.cpu_target_percent / 100
    useful = per_pod.rps * headroom  # what a pod serves while the HPA holds it at its cpu target
    at_target = math.ceil(service.target_rps / useful) if service.target_rps else 0
    at_limit = math.ceil(service.rps_limit / useful)
    zones = len(spec.availability_zones)
    zone_loss = zones / (zones - 1) if zones > 1 else 1.0
    # the HPA floor covers the target rate without waiting for a scale-up, even with a zone
    # lost; the ceiling covers the edge limit with a zone lost plus internal calls (see
    # INTERNAL_CALL_SHARE), above the floor, both within the tier
    floor = math.ceil(service.target_rps / useful * zone_loss) if service.target_rps else 0
    ceiling = math.ceil(service.rps_limit / useful * zone_loss * (1 + INTERNAL_CALL_SHARE))
    hpa_min = min(tier.replicas.max, max(tier.replicas.min, floor, 1))
    hpa_max = min(tier.replicas.max, max(hpa_min + 1, ceiling))
    cpu, memory = _pod_shape(service, spec, placement.compute)
    vcpu = gib = None
    if placement.compute == "fargate":
        vcpu, gib = fargate_size(cpu, memory)
    return ServiceCapacity(
        service=service.name,
        tier=service.tier.value,
        compute=placement.compute,
        pool=placement.pool,
        pod_millicores=cpu,
        pod_mebibytes=memory,
        per_pod=per_pod,
        replicas_at_target=at_target,
        hpa_min=hpa_min,
        hpa_max=hpa_max,
        replicas_at_limit=at_limit,
        rps_at_hpa_max=hpa_max * useful,
        fargate_vcpu=vcpu,
        fargate_gib=gib,
    )


@dataclass(frozen=True)
class AddonPods:
    """The add-ons' pods (`chariot.spec.footprints`), by where they run."""

    daemonsets: list[Pod]
    system: list[Pod]  # on the first on-demand pool
    fargate: list[tuple[Pod, str]]  # with the Fargate profile that runs them


def _fargate_profile(spec: PlatformSpec, namespace: str) -> str | None:
    for profile in spec.cluster.fargate_profiles:
        if any(sel.namespace == namespace for sel in profile.selectors):
            return profile.name
    return None


def addon_pods(spec: PlatformSpec) -> AddonPods:
    """Every add-on's footprint, in the catalog's order."""
    pods = AddonPods([], [], [])
    for footprint_of in FOOTPRINTS.values():
        footprint = footprint_of(spec)
        pods.daemonsets.extend(footprint.daemonsets)
        profile = footprint.fargate_namespace and _fargate_profile(
            spec, footprint.fargate_namespace
        )
        if profile:
            pods.fargate.extend((pod, profile) for pod in footprint.deployments)
        else:
            pods.system.extend(footprint.deployments)
    return pods


def _pool_capacity(
    pool: NodePool,
    spec: PlatformSpec,
    at_target: list[tuple[str, int, int, int]],
    at_max: list[tuple[str, int, int, int]],
    daemonsets: list[Pod],
) -> PoolCapacity:
    """Pods are (name, replicas, cpu m, memory Mi)."""
    instance = pool.instance_types[0]
    pods_per_node = max_pods(instance, vpc_cni(spec).prefix_delegation)
    ds_cpu = sum(d.millicores for d in daemonsets)
    ds_mem = sum(d.mebibytes for d in daemonsets)
    node_cpu, node_mem = allocatable(instance, pods_per_node, daemonsets)

    def nodes(pods: list[tuple[str, int, int, int]]) -> int:
        flat = [(cpu, mem) for _, replicas, cpu, mem in pods for _ in range(replicas)]
        packed = pack(flat, node_cpu, node_mem)
        # topology spread: a service with several replicas is spread over the zones
        spread = max((min(r, len(spec.availability_zones)) for _, r, _, _ in pods), default=0)
        per_pod_limit = math.ceil(len(flat) / (pods_per_node - len(daemonsets)))
        return max(pool.min_size, packed, spread, per_pod_limit)

    target_nodes = nodes(at_target)
    requested = sum(r * cpu for _, r, cpu, _ in at_target)
    return PoolCapacity(
        name=pool.name,
        capacity_type=pool.capacity_type,
        instance_type=instance,
        node_millicores=node_cpu,
        node_mebibytes=node_mem,
        daemonset_millicores=ds_cpu,
        daemonset_mebibytes=ds_mem,
        pods=[f"{name} x{replicas}" for name, replicas, _, _ in at_target if replicas],
        nodes_at_target=target_nodes,
        nodes_at_max=nodes(at_max),
        min_size=pool.min_size,
        max_size=pool.max_size,
        cpu_utilisation=round(requested / (target_nodes * node_cpu), 3) if target_nodes else 0.0,
    )


def _checks(
    spec: PlatformSpec, services: list[ServiceCapacity], pools: list[PoolCapacity]
) -> list[ScaleCheck]:
    perf = spec.performance
    checks: list[ScaleCheck] = []
    total = 0.0
    limits: list[str] = []
    for svc in services:
        entry = spec.service(svc.service)
        served = min(entry.rps_limit, svc.rps_at_hpa_max)
        total += served
        hit = []
        if svc.replicas_at_target > svc.hpa_max:
            hit.append(f"tier max {svc.hpa_max} replicas < {svc.replicas_at_target} at target")
        if entry.rps_limit < perf.rps_per_service:
            hit.append(f"edge throttle rps_limit {entry.rps_limit}")
        if svc.rps_at_hpa_max < perf.rps_per_service:
            hit.append(
                f"HPA max {svc.hpa_max} x {svc.per_pod.rps:g} rps x "
                f"{perf.cpu_target_percent:g}% = {svc.rps_at_hpa_max:.0f} rps"
            )
        checks.append(
            ScaleCheck(
                f"{svc.service}: {perf.rps_per_service} rps per service",
                not hit,
                f"serves up to {served:.0f} rps"
                + (f"; limited by {', '.join(hit)}" if hit else ""),
            )
        )
        if served < svc.rps_at_hpa_max:
            limits.append(f"{svc.service} throttled at {entry.rps_limit}")
    for svc in services:
        checks.append(
            ScaleCheck(
                f"{svc.service}: HPA can scale (min < max)",
                svc.hpa_min < svc.hpa_max,
                f"HPA {svc.hpa_min}..{svc.hpa_max} replicas"
                + ("" if svc.hpa_min < svc.hpa_max else ": the tier's max leaves no room"),
            )
        )
    checks += _size_checks(spec, pools)
    for pool in pools:
        ok = pool.nodes_at_max <= pool.max_size
        checks.append(
            ScaleCheck(
                f"{pool.name}: nodes at HPA max within max_size",
                ok,
                f"{pool.nodes_at_max} nodes of {pool.instance_type} at HPA max; max_size "
                f"{pool.max_size}",
            )
        )
        if not ok:
            limits.append(f"node pool {pool.name} max_size {pool.max_size}")
    cluster_ok = total >= perf.rps_cluster
    detail = f"the catalog's {len(services)} services serve up to {total:.0f} rps"
    if not cluster_ok:
        detail += f" < {perf.rps_cluster}: limited by " + (
            "; ".join(limits) if limits else "the number of services and their HPA max"
        )
    checks.append(ScaleCheck(f"cluster: {perf.rps_cluster} rps in total", cluster_ok, detail))
    return checks


def _size_checks(spec: PlatformSpec, pools: list[PoolCapacity]) -> list[ScaleCheck]:
    """The sizes the spec sets never below what the plan needs at target: max_size, and for a
    pool no autoscaler resizes, its desired size and every scheduled size."""
    checks: list[ScaleCheck] = []
    schedule = spec.cost.scheduled_scaling
    for pool in pools:
        need = pool.nodes_at_target
        checks.append(
            ScaleCheck(
                f"{pool.name}: nodes at target within max_size",
                need <= pool.max_size,
                f"{need} nodes of {pool.instance_type} at target; max_size {pool.max_size}",
            )
        )
        entry = next(p for p in spec.cluster.node_pools if p.name == pool.name)
        if entry.autoscaled:
            continue
        sizes = {"desired_size": entry.desired_size}
        if schedule.enabled and schedule.node_pool == pool.name:
            sizes = {
                f"scheduled {name}": action.desired
                for name, action in (
                    ("business_hours", schedule.business_hours),
                    ("off_hours", schedule.off_hours),
                )
                if action is not None
            }
        short = {name: size for name, size in sizes.items() if size < need}
        checks.append(
            ScaleCheck(
                f"{pool.name}: fixed and scheduled sizes cover the plan",
                not short,
                f"the plan needs {need} nodes at target; "
                + ", ".join(f"{name} {size}" for name, size in sizes.items())
                + (" (below the plan: pods stay pending)" if short else ""),
            )
        )
    return checks


def plan_capacity(
    spec: PlatformSpec, placements: dict[str, Placement], per_pod: dict[str, PerPod] | None = None
) -> CapacityPlan:
    """Size every service and pool. `per_pod` holds measured capacities (see read_per_pod)."""
    measured = per_pod or {}
    services = [
        _service_capacity(
            s,
            spec,
            placements[s.name],
            (measured.get(s.name) or default_per_pod(s, spec)).at_request(
                millicores(spec.tiers[s.tier].cpu)
            ),
        )
        for s in spec.services
    ]
    addons = addon_pods(spec)
    daemonsets, system = addons.daemonsets, addons.system
    on_demand = next((p for p in spec.cluster.node_pools if p.capacity_type == "ON_DEMAND"), None)
    pools: list[PoolCapacity] = []
    for pool in spec.cluster.node_pools:
        target = [
            (s.service, s.hpa_min, s.pod_millicores, s.pod_mebibytes)
            for s in services
            if s.pool == pool.name and s.compute != "fargate"
        ]
        peak = [
            (s.service, s.hpa_max, s.pod_millicores, s.pod_mebibytes)
            for s in services
            if s.pool == pool.name and s.compute != "fargate"
        ]
        if on_demand is not None and pool.name == on_demand.name:
            extra = [(o.name, o.replicas, o.millicores, o.mebibytes) for o in system]
            target, peak = target + extra, peak + extra
        pools.append(_pool_capacity(pool, spec, target, peak, daemonsets))
    fargate = [
        FargatePod(
            s.service,
            s.pool or "",
            s.hpa_min,
            s.fargate_vcpu or 0,
            s.fargate_gib or 0,
            s.pod_millicores,
            s.pod_mebibytes,
        )
        for s in services
        if s.compute == "fargate"
    ]
    for pod, profile in addons.fargate:
        vcpu, gib = fargate_size(pod.millicores, pod.mebibytes)
        fargate.append(
            FargatePod(pod.name, profile, pod.replicas, vcpu, gib, pod.millicores, pod.mebibytes)
        )
    return CapacityPlan(
        services, pools, fargate, system, daemonsets, _checks(spec, services, pools)
    )
