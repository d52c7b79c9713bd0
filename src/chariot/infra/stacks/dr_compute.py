"""The DR region's network and cluster, when the strategy keeps that region ready (pilot_light,
warm_standby): the primary's NetworkStack and ClusterStack made again from the DR view of the
spec (chariot.spec.dr_region), which puts them in `dr.dr_region` at the strategy's size.

They register into a registry of their own, so what the DR cluster imports (the VPC, the pod
subnets) comes from the DR network and never from the primary's; the DR-data stack places the
graph's secondary cluster in that network (`dr-vpc`).
"""

from __future__ import annotations

from constructs import Construct

from chariot.infra.shared import Shared
from chariot.infra.stacks.base import PlatformStack
from chariot.infra.stacks.cluster import ClusterStack
from chariot.infra.stacks.network import NetworkStack
from chariot.spec.dr_region import dr_view
from chariot.spec.dr_strategies import replicates_data
from chariot.spec.model import PlatformSpec


class DrNetworkStack(NetworkStack):
    part = "dr-network"


class DrClusterStack(ClusterStack):
    part = "dr-cluster"


def build_dr_compute_stacks(
    scope: Construct, spec: PlatformSpec, shared: Shared
) -> list[PlatformStack]:
    """The DR network and cluster for pilot_light and warm_standby; none for backup_restore."""
    if not replicates_data(spec):
        return []
    view = dr_view(spec)
    regional = Shared()
    network = DrNetworkStack(scope, view, regional)
    cluster = DrClusterStack(scope, view, regional)
    shared.register("dr-vpc", network.vpc)
    return [network, cluster]
