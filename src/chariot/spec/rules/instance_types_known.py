"""Every instance type a node pool may launch has a row in `chariot.spec.instance_types`: the
capacity plan bin-packs on its vCPUs and memory, and Karpenter caps its NodePool in vCPUs and
sets the pods per node from it. With Karpenter's `graviton` on, that includes the Graviton type
of the same shape it adds."""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.instance_types import SHAPES, pool_instance_types
from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    karpenter = spec.cluster.node_autoscaler == "karpenter"
    graviton = karpenter and spec.cluster.karpenter.graviton
    for index, pool in enumerate(spec.cluster.node_pools):
        for instance_type in pool_instance_types(pool, graviton):
            if instance_type in SHAPES:
                continue
            added = "" if instance_type in pool.instance_types else " (the Graviton equivalent)"
            yield (
                ("cluster", "node_pools", index, "instance_types"),
                f"{instance_type!r}{added} has no row in chariot.spec.instance_types (vCPUs, "
                "memory, max pods): add one, or pick a known type",
            )
