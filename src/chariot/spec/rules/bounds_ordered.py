"""Every min/desired/max triple is ordered: tiers, node pools, table autoscaling."""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    for tier, resources in spec.tiers.items():
        bounds = resources.replicas
        if bounds.min > bounds.max:
            yield (
                ("tiers", tier.value, "replicas"),
                f"min replicas {bounds.min} > max replicas {bounds.max}",
            )
    for index, pool in enumerate(spec.cluster.node_pools):
        where = ("cluster", "node_pools", index)
        if pool.min_size > pool.max_size:
            yield (*where, "min_size"), f"min_size {pool.min_size} > max_size {pool.max_size}"
        elif not pool.min_size <= pool.desired_size <= pool.max_size:
            yield (
                (*where, "desired_size"),
                f"desired_size {pool.desired_size} is outside {pool.min_size}..{pool.max_size}",
            )
    for index, service in enumerate(spec.services):
        table = service.data.table
        scaling = table.provisioned.autoscaling if table and table.provisioned else None
        if scaling and scaling.min_capacity > scaling.max_capacity:
            yield (
                ("services", index, "data", "table", "provisioned", "autoscaling"),
                f"min_capacity {scaling.min_capacity} > max_capacity {scaling.max_capacity}",
            )
