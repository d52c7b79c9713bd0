"""The explicit, ordered lists of placement rules.

Preferences are tried in order and the first that matches proposes the target (the more
specific latency rule before the API rule). Constraints then run in order, repeatedly, until no
constraint redirects; they always win over preferences.
"""

from __future__ import annotations

from chariot.plan.placement import (
    api_predictable_load,
    background_long_running,
    batch_analytics,
    default_on_demand,
    ec2_not_captured,
    fargate_profile_required,
    mesh_not_on_fargate,
    no_fargate_spot,
    node_pool_available,
    realtime_low_latency,
)
from chariot.plan.placement.base import Constraint, Preference

PREFERENCES: tuple[Preference, ...] = (
    realtime_low_latency.RULE,
    api_predictable_load.RULE,
    background_long_running.RULE,
    batch_analytics.RULE,
    default_on_demand.RULE,
)

CONSTRAINTS: tuple[Constraint, ...] = (
    mesh_not_on_fargate.RULE,
    fargate_profile_required.RULE,
    no_fargate_spot.RULE,
    ec2_not_captured.RULE,
    node_pool_available.RULE,
)
