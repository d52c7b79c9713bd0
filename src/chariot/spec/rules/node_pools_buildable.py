"""Node pools and their schedules can be built: one CPU architecture per managed node group
(a group runs one AMI), and scheduled sizes inside the pool's bounds on a schedule EventBridge
can express (it cannot combine a day of the month with a day of the week)."""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.model import PlatformSpec, is_graviton
from chariot.spec.rules.base import Context, Violation


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    for index, pool in enumerate(spec.cluster.node_pools):
        arm = {is_graviton(t) for t in pool.instance_types}
        if len(arm) > 1:
            yield (
                ("cluster", "node_pools", index, "instance_types"),
                f"node pool {pool.name!r} mixes Graviton (arm64) and x86 instance types; a "
                "managed node group runs one AMI architecture: split it into two pools",
            )
    scheduled = spec.cost.scheduled_scaling
    pools = {p.name: p for p in spec.cluster.node_pools}
    if not scheduled.enabled or scheduled.node_pool not in pools:
        return  # references_exist reports a missing pool
    pool = pools[scheduled.node_pool]
    for key in ("business_hours", "off_hours"):
        action = getattr(scheduled, key)
        if action is None:
            continue
        where = ("cost", "scheduled_scaling", key)
        if not pool.min_size <= action.desired <= pool.max_size:
            yield (
                (*where, "desired"),
                f"desired {action.desired} is outside {pool.min_size}..{pool.max_size}, the "
                f"bounds of node pool {pool.name!r}; EKS would refuse the resize",
            )
        fields = action.cron.split()
        if fields[2] not in ("*", "?") and fields[4] not in ("*", "?"):
            yield (
                (*where, "cron"),
                f"{action.cron!r} sets both a day of the month and a day of the week, which "
                "EventBridge Scheduler cannot express",
            )
