"""The two kinds of placement rule.

A *preference* is one branch of the seed's decision tree: when its condition holds it proposes a
compute target. A *constraint* is a correction from docs/design.md that wins over every preference:
it may redirect a proposal (when the proposal came from a preference) or reject it (when the
spec pinned it), so a pinned conflict is an error that names the service and the rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chariot.spec.model import FargateProfile, FargateSelector, NodePool, PlatformSpec, Service
from chariot.spec.placement import ComputeTarget


@dataclass(frozen=True)
class Preference:
    """One branch of the decision tree: `when` the service matches, propose `compute`."""

    name: str
    source: str  # where the rule comes from, e.g. the seed's section
    condition: str  # the condition in words, for the report
    compute: ComputeTarget
    reason: str
    matches: Callable[[Service, PlatformSpec], bool]
    detail: Callable[[Service], str]  # the service's own numbers that made it match


@dataclass(frozen=True)
class Redirect:
    """What a constraint says about a proposal: use `compute` instead (None: nothing fits)."""

    compute: ComputeTarget | None
    reason: str


@dataclass(frozen=True)
class Constraint:
    """A correction that wins over preferences; `check` returns None when the proposal is fine."""

    name: str
    source: str
    condition: str
    reason: str  # why the constraint exists
    check: Callable[[Service, PlatformSpec, ComputeTarget], Redirect | None]


def pool_of(spec: PlatformSpec, capacity_type: str) -> NodePool | None:
    """The first node pool of a capacity type (ON_DEMAND or SPOT), the one the planner uses."""
    for pool in spec.cluster.node_pools:
        if pool.capacity_type == capacity_type:
            return pool
    return None


def fargate_selector(
    spec: PlatformSpec, service: Service
) -> tuple[FargateProfile, FargateSelector] | None:
    """The Fargate profile selector that can take the service's pods (namespace match)."""
    for profile in spec.cluster.fargate_profiles:
        for selector in profile.selectors:
            if selector.namespace == service.namespace:
                return profile, selector
    return None


def capturing_profile(spec: PlatformSpec, service: Service) -> FargateProfile | None:
    """A Fargate profile that selects every pod of the service's namespace (no labels).

    EKS admits a pod to Fargate when it matches a profile, whatever its node selector says,
    so such a profile makes an EC2 placement impossible.
    """
    for profile in spec.cluster.fargate_profiles:
        for selector in profile.selectors:
            if selector.namespace == service.namespace and not selector.labels:
                return profile
    return None
