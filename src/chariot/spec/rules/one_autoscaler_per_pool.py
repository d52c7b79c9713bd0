"""Each node pool has one owner of its size.

A pool with `autoscaled: true` belongs to `cluster.node_autoscaler` (Karpenter: a NodePool and
no managed node group; cluster-autoscaler: the node group it resizes); a pool with
`autoscaled: false` is a managed node group whose size only `cost.scheduled_scaling` changes.
The seed had both at once (a node group resized on a schedule beside a Karpenter NodePool with
the same labels): two controllers adding and removing nodes for the same pods.

Under Karpenter at least one pool must be a node group: the cluster stack installs coredns, the
CSI drivers and metrics-server, which need nodes before Karpenter (add-ons stack) exists.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    pools = {p.name: p for p in spec.cluster.node_pools}
    scaling = spec.cost.scheduled_scaling
    scheduled = pools.get(scaling.node_pool or "") if scaling.enabled else None
    if scheduled is not None and scheduled.autoscaled:
        yield (
            ("cost", "scheduled_scaling", "node_pool"),
            f"node pool {scheduled.name!r} is sized by {spec.cluster.node_autoscaler} "
            "(autoscaled: true) and by this schedule: two owners for one pool; set "
            "autoscaled: false on it or schedule another pool",
        )
    if spec.cluster.node_autoscaler == "karpenter" and all(p.autoscaled for p in pools.values()):
        yield (
            ("cluster", "node_pools"),
            "every pool is owned by Karpenter, so no node exists for the add-ons the cluster "
            "stack installs before Karpenter runs (coredns, CSI drivers): give one pool "
            "autoscaled: false (a managed node group)",
        )
