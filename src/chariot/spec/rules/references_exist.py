"""Names that point at other parts of the spec point at something that exists."""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation


def _chaos_references(spec: PlatformSpec, services: set[str]) -> Iterator[Violation]:
    chaos = spec.mesh.chaos
    for index, name in enumerate(chaos.services if chaos is not None else []):
        if name not in services:
            yield ("mesh", "chaos", "services", index), f"unknown service {name!r}"


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    services = {s.name for s in spec.services}
    for index, service in enumerate(spec.services):
        if service.tier not in spec.tiers:
            yield (
                ("services", index, "tier"),
                f"tier {service.tier.value!r} has no resources under 'tiers'",
            )
        for d_index, dependency in enumerate(service.depends_on):
            if dependency not in services:
                yield (
                    ("services", index, "depends_on", d_index),
                    f"unknown service {dependency!r}",
                )
    yield from _chaos_references(spec, services)
    for index, name in enumerate(spec.security.pod_security_groups):
        if name not in services:
            yield ("security", "pod_security_groups", index), f"unknown service {name!r}"
    scheduled = spec.cost.scheduled_scaling
    if scheduled.enabled:
        pools = {p.name for p in spec.cluster.node_pools}
        if scheduled.node_pool not in pools:
            yield (
                ("cost", "scheduled_scaling", "node_pool"),
                f"{scheduled.node_pool!r} is not a node pool (known: {', '.join(sorted(pools))})",
            )
        for key in ("business_hours", "off_hours"):
            if getattr(scheduled, key) is None:
                yield ("cost", "scheduled_scaling", key), "required when scheduled scaling is on"
