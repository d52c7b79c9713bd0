"""The stacks of a platform, in deployment order: a stack may use what earlier ones shared."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from constructs import Construct

from chariot.infra.shared import Shared
from chariot.infra.stacks.addons import AddonsStack
from chariot.infra.stacks.base import PlatformStack
from chariot.infra.stacks.cluster import ClusterStack
from chariot.infra.stacks.data import DataStack
from chariot.infra.stacks.dr import DrStack
from chariot.infra.stacks.dr_compute import build_dr_compute_stacks
from chariot.infra.stacks.dr_data import build_dr_data_stacks
from chariot.infra.stacks.dr_edge import build_dr_edge_stacks
from chariot.infra.stacks.dr_services import build_dr_service_stacks
from chariot.infra.stacks.edge import EdgeStack
from chariot.infra.stacks.governance import GovernanceStack
from chariot.infra.stacks.network import NetworkStack
from chariot.infra.stacks.security import SecurityStack
from chariot.infra.stacks.services import build_service_stacks
from chariot.spec.model import PlatformSpec

# A factory makes one stack, or several (the service stacks: one per number in use).
StackFactory = Callable[[Construct, PlatformSpec, Shared], PlatformStack | Sequence[PlatformStack]]

STACKS: list[StackFactory] = [
    NetworkStack,
    DrStack,
    SecurityStack,
    ClusterStack,
    build_dr_compute_stacks,
    AddonsStack,
    DataStack,
    build_dr_data_stacks,
    build_service_stacks,
    build_dr_service_stacks,
    EdgeStack,
    build_dr_edge_stacks,
    GovernanceStack,
]
