"""The stacks of a platform, in deployment order: a stack may use what earlier ones shared."""

from __future__ import annotations

from collections.abc import Callable

from constructs import Construct

from chariot.infra.shared import Shared
from chariot.infra.stacks.addons import AddonsStack
from chariot.infra.stacks.base import PlatformStack
from chariot.infra.stacks.cluster import ClusterStack
from chariot.infra.stacks.network import NetworkStack
from chariot.spec.model import PlatformSpec

StackFactory = Callable[[Construct, PlatformSpec, Shared], PlatformStack]

STACKS: list[StackFactory] = [
    NetworkStack,
    ClusterStack,
    AddonsStack,
]
