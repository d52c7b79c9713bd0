"""The DR region's view of the spec: its network from dr.vpc_cidr over the DR zones, the
cluster named for its region, and compute at the strategy's size."""

from __future__ import annotations

import ipaddress

import pytest

from chariot.spec.dr_region import STANDBY_POOL, dr_network, dr_node_pools, dr_view, standby_nodes
from chariot.spec.model import PlatformSpec


def _with(spec: PlatformSpec, strategy: str) -> PlatformSpec:
    return spec.model_copy(update={"dr": spec.dr.model_copy(update={"strategy": strategy})})


def test_the_dr_network_splits_the_dr_cidr_per_tier_and_zone(
    specs: dict[str, PlatformSpec],
) -> None:
    prod = specs["prod"]
    net = dr_network(prod)
    vpc = ipaddress.ip_network(prod.dr.vpc_cidr)
    zones = len(prod.dr.zones)
    tiers = (net.subnets.public, net.subnets.private, net.subnets.database)
    cidrs = [ipaddress.ip_network(c) for tier in tiers for c in tier]
    assert all(len(tier) == zones for tier in tiers)
    assert all(c.subnet_of(vpc) for c in cidrs)  # type: ignore[arg-type]
    assert len({c.network_address for c in cidrs}) == len(cidrs)
    assert not any(a.overlaps(b) for i, a in enumerate(cidrs) for b in cidrs[i + 1 :])
    assert net.vpc_cidr == prod.dr.vpc_cidr
    assert len(net.subnets.pods) == zones  # custom networking as in the primary
    assert net.nat_gateways == zones  # warm_standby: one per zone
    assert dr_network(_with(prod, "pilot_light")).nat_gateways == 1


def test_the_view_is_the_dr_region_with_a_region_named_cluster(
    specs: dict[str, PlatformSpec],
) -> None:
    prod = specs["prod"]
    view = dr_view(prod)
    assert view.region == prod.dr.dr_region
    assert view.availability_zones == prod.dr.zones
    assert view.cluster.name == f"{prod.cluster.name}-{prod.dr.dr_region}"
    assert view.cost.scheduled_scaling.enabled is False
    assert (view.name, view.environment, view.account) == (prod.name, "prod", prod.account)


def test_pilot_light_keeps_the_system_node_groups_at_their_minimum(
    specs: dict[str, PlatformSpec],
) -> None:
    prod = _with(specs["prod"], "pilot_light")
    pools = dr_node_pools(prod)
    # Karpenter's pool needs Karpenter; the services' group waits at zero for the failover
    assert [p.name for p in pools] == ["on-demand-workers", STANDBY_POOL]
    system, standby = pools
    assert (system.desired_size, system.autoscaled) == (1, False)
    assert (standby.min_size, standby.desired_size, standby.autoscaled) == (0, 0, False)
    assert standby.max_size == 20  # the autoscaled pool's maximum, for the failover step


def test_warm_standby_adds_nodes_for_the_services_at_minimum_replicas(
    specs: dict[str, PlatformSpec],
) -> None:
    prod = specs["prod"]
    pools = {p.name: p for p in dr_node_pools(prod)}
    standby = pools[STANDBY_POOL]
    assert standby.instance_types == ["m6i.large"]  # the autoscaled pool's first type
    assert standby.capacity_type == "ON_DEMAND"
    assert standby.desired_size == standby.min_size == standby_nodes(prod, "m6i.large")
    assert standby.desired_size >= len(prod.dr.zones)
    # more replicas need more nodes
    tiers = {
        t: r.model_copy(update={"replicas": r.replicas.model_copy(update={"min": 10})})
        for t, r in prod.tiers.items()
    }
    bigger = prod.model_copy(update={"tiers": tiers})
    assert standby_nodes(bigger, "m6i.large") > standby.desired_size


def test_the_standby_takes_an_instance_type_that_holds_the_largest_pod(
    specs: dict[str, PlatformSpec],
) -> None:
    """A batch-tier pod (2 vCPU, 4 GiB plus the sidecar) does not fit an m6i.large after EKS's
    reservation: the standby group takes the next type of the autoscaled pools."""
    prod = specs["prod"]
    batch = prod.services[0].model_copy(update={"name": "reports", "tier": "batch"})
    with_batch = prod.model_copy(update={"services": [*prod.services, batch]})
    with pytest.raises(ValueError, match="does not fit a node"):
        standby_nodes(with_batch, "m6i.large")
    standby = {p.name: p for p in dr_node_pools(with_batch)}[STANDBY_POOL]
    assert standby.instance_types == ["m6i.xlarge"]
    assert standby.desired_size == standby_nodes(with_batch, "m6i.xlarge")
