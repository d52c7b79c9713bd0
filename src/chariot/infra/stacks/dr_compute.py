"""The DR region's platform, when the strategy keeps that region ready (pilot_light,
warm_standby): the primary's network, keys and log bucket, cluster and add-ons made again from
the DR view of the spec (chariot.spec.dr_region), which puts them in `dr.dr_region` at the
strategy's size.

They register into a registry of their own (shared as `dr-shared`), so what the DR stacks use
(the VPC, the keys, the cluster, the ingress gateway) comes from the DR region and never from
the primary's; the DR data, service and edge stacks read it there.
"""

from __future__ import annotations

from constructs import Construct

from chariot.infra.shared import Shared
from chariot.infra.stacks.addons import AddonsStack
from chariot.infra.stacks.base import PlatformStack
from chariot.infra.stacks.cluster import ClusterStack
from chariot.infra.stacks.governance import alerts_topic
from chariot.infra.stacks.network import NetworkStack
from chariot.infra.stacks.security import RegionalSecurity
from chariot.spec.dr_region import dr_view
from chariot.spec.dr_strategies import replicates_data
from chariot.spec.model import PlatformSpec


class DrNetworkStack(NetworkStack):
    part = "dr-network"


class DrSecurityStack(RegionalSecurity):
    """The keys the DR region's add-ons and edge encrypt with, and its access-log bucket. The
    data keys (tables, graph, images, backups) are the DR stack's replica keys instead."""

    part = "dr-security"
    domains = ("objects", "secrets", "logs", "alerts")

    def __init__(self, scope: Construct, spec: PlatformSpec, shared: Shared) -> None:
        super().__init__(
            scope, spec, shared, "Chariot DR security: KMS keys, access-log bucket, alerts topic"
        )
        # Where the DR cluster's Alertmanager publishes (the add-on names the topic of its own
        # region): the primary's topic may be gone with its region.
        alerts_topic(self, spec, self.keys["alerts"])


class DrClusterStack(ClusterStack):
    part = "dr-cluster"


class DrAddonsStack(AddonsStack):
    part = "dr-addons"


def build_dr_compute_stacks(
    scope: Construct, spec: PlatformSpec, shared: Shared
) -> list[PlatformStack]:
    """The DR network, keys, cluster and add-ons for pilot_light and warm_standby; none for
    backup_restore."""
    if not replicates_data(spec):
        return []
    view = dr_view(spec)
    regional = Shared()
    shared.register("dr-shared", regional)
    network = DrNetworkStack(scope, view, regional)
    security = DrSecurityStack(scope, view, regional)
    shared.register("dr-security-stack", security)
    return [
        network,
        security,
        DrClusterStack(scope, view, regional),
        DrAddonsStack(scope, view, regional),
    ]
