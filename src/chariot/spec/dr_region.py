"""The spec as the DR region's stacks see it (pilot_light, warm_standby): the same platform in
`dr.dr_region`, on `dr.vpc_cidr` across `dr.zones`, with compute at the strategy's size.

The primary region's stack classes (network, cluster) are made a second time from this view:
a stack's CDK `env` (here the view's region) decides where it deploys, and every regional name
derived from the spec (KMS aliases, the cluster) may repeat in another region. What IAM keeps
account-wide is named after the cluster (the port-forwarding policy), so the view's cluster
name carries the region; IAM roles get CloudFormation's names, which carry the stack's.

Sizes (docs/disaster-recovery.md):
- both: the managed node groups the primary runs beside the autoscaler's pools (its system
  capacity), each at its minimum (at least one node), and one on-demand `standby` node group
  (label `chariot/dr: standby`) that the DR region's manifests put every EC2 service on: no
  Karpenter NodePool runs there, and one group is what a failover step resizes.
- pilot_light: the standby group at zero nodes (the runbook scales it at failover).
- warm_standby: the standby group holds every service at its tier's minimum replicas (with
  the mesh sidecar), the add-ons' pods and DaemonSets, packed onto the primary's first
  autoscaled instance type, at least one node per zone.
"""

from __future__ import annotations

import ipaddress

from chariot.spec.dr_strategies import replicates_data
from chariot.spec.footprints import FOOTPRINTS
from chariot.spec.instance_types import max_pods
from chariot.spec.model import Network, NodePool, PlatformSpec, Subnets, mebibytes, millicores
from chariot.spec.node_capacity import SIDECAR_MEBIBYTES, SIDECAR_MILLICORES, allocatable, pack
from chariot.spec.vpc_cni import vpc_cni

STANDBY_POOL = "standby"
# What the DR manifests' pods select (chariot.k8s renders the DR region onto this group).
STANDBY_LABELS = {"chariot/dr": STANDBY_POOL}
TIERS = ("public", "private", "database")


def _split(cidr: str, parts: int) -> list[str]:
    """The first `parts` equal blocks of `cidr` (the next power of two of them)."""
    network = ipaddress.ip_network(cidr)
    return [str(b) for b in network.subnets(prefixlen_diff=max(1, (parts - 1).bit_length()))][
        :parts
    ]


def dr_network(spec: PlatformSpec) -> Network:
    """`dr.vpc_cidr` in four blocks (public, private, database, spare), each split over the DR
    zones; the pod CIDR (custom networking, as in the primary: the cluster's vpc-cni settings
    expect it) split likewise. NAT: one for pilot_light, one per zone for warm_standby."""
    net, zones = spec.network, spec.dr.zones
    blocks = dict(zip(TIERS, _split(spec.dr.vpc_cidr, 4), strict=False))
    subnets = Subnets(
        **{tier: _split(block, len(zones)) for tier, block in blocks.items()},
        pods=_split(net.pod_cidr, len(zones)) if net.pod_cidr else [],
    )
    nat = len(zones) if spec.dr.strategy == "warm_standby" else 1
    return net.model_copy(
        update={"vpc_cidr": spec.dr.vpc_cidr, "subnets": subnets, "nat_gateways": nat}
    )


def standby_nodes(spec: PlatformSpec, instance_type: str) -> int:
    """Nodes of `instance_type` for every service at its tier's minimum replicas plus the
    add-ons' pods, first-fit decreasing after DaemonSets and EKS's reservation; at least one
    per DR zone (pods are spread over the zones)."""
    footprints = [footprint(spec) for footprint in FOOTPRINTS.values()]
    daemonsets = [pod for f in footprints for pod in f.daemonsets]
    pods = [
        (pod.millicores, pod.mebibytes)
        for f in footprints
        for pod in f.deployments
        for _ in range(pod.replicas)
    ]
    for service in spec.services:
        tier = spec.tiers[service.tier]
        cpu, memory = millicores(tier.cpu), mebibytes(tier.memory)
        if service.meshed:
            cpu, memory = cpu + SIDECAR_MILLICORES, memory + SIDECAR_MEBIBYTES
        pods += [(cpu, memory)] * tier.replicas.min
    per_node = max_pods(instance_type, vpc_cni(spec).prefix_delegation)
    node_cpu, node_mem = allocatable(instance_type, per_node, daemonsets)
    return max(len(spec.dr.zones), pack(pods, node_cpu, node_mem))


def standby_size(spec: PlatformSpec, autoscaled: list[NodePool]) -> tuple[str, int]:
    """The standby group's instance type and node count: the first instance type of the
    autoscaled pools (then of every pool) that holds the largest pod (a batch-tier pod may not
    fit the first), packed as standby_nodes says."""
    candidates = [t for p in [*autoscaled, *spec.cluster.node_pools] for t in p.instance_types]
    for instance in dict.fromkeys(candidates):
        try:
            return instance, standby_nodes(spec, instance)
        except ValueError:
            continue
    # Every pod fits a node of its own pool (the spec's capacity rules), so one type holds it.
    raise ValueError(f"no instance type of {candidates} holds every pod of the standby group")


def dr_node_pools(spec: PlatformSpec) -> list[NodePool]:
    """The DR cluster's managed node groups at the strategy's size (module docstring)."""
    system = [
        pool.model_copy(
            update={"min_size": max(1, pool.min_size), "desired_size": max(1, pool.min_size),
                    "autoscaled": False}
        )
        for pool in spec.cluster.node_group_pools
    ]  # fmt: skip
    autoscaled = [p for p in spec.cluster.node_pools if p.autoscaled] or spec.cluster.node_pools
    instance, nodes = standby_size(spec, autoscaled)
    if spec.dr.strategy != "warm_standby":
        nodes = 0
    standby = NodePool(
        name=STANDBY_POOL,
        instance_types=[instance],
        capacity_type="ON_DEMAND",
        min_size=nodes,
        max_size=max(nodes, autoscaled[0].max_size),
        desired_size=nodes,
        labels=STANDBY_LABELS,
        autoscaled=False,
    )
    return [*system, standby]


def dr_view(spec: PlatformSpec) -> PlatformSpec:
    """The spec of the DR region's network and cluster stacks."""
    dr = spec.dr
    cluster = spec.cluster.model_copy(
        update={"name": f"{spec.cluster.name}-{dr.dr_region}", "node_pools": dr_node_pools(spec)}
    )
    # No schedule resizes the standby, and a right-sizing report of idle standby nodes would
    # only say to shrink what the strategy sized on purpose.
    cost = spec.cost.model_copy(
        update={
            "scheduled_scaling": spec.cost.scheduled_scaling.model_copy(update={"enabled": False}),
            "rightsizing": spec.cost.rightsizing.model_copy(update={"enabled": False}),
        }
    )
    return spec.model_copy(
        update={
            "region": dr.dr_region,
            "availability_zones": dr.zones,
            "network": dr_network(spec),
            "cluster": cluster,
            "cost": cost,
        }
    )


def in_dr_region(spec: PlatformSpec) -> bool:
    """Whether `spec` is the DR view: a platform's own region never equals its DR region (the
    dr-region-distinct rule)."""
    return spec.region == spec.dr.dr_region


def dr_serves_api(spec: PlatformSpec) -> bool:
    """Whether the DR region runs an API of its own behind the distribution's origin name
    (chariot.infra.stacks.dr_edge): the strategy keeps the region ready, CloudFront reaches the
    API by `origin.<domain>` (a domain, its hosted zone) and that origin is an HTTP API. Not a
    REST API: its authorizer is the Cognito pool itself, which the DR region's template cannot
    name before the primary's is deployed (the HTTP API's tokens are checked in the mesh)."""
    edge = spec.edge
    return (
        replicates_data(spec)
        and edge.cdn.enabled
        and edge.api_gateway == "http"
        and bool(edge.domain_name and edge.hosted_zone)
    )
