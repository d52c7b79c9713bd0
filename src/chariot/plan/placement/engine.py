"""Run the placement rules over the service catalog and turn each decision into scheduling fields.

`place(spec)` is what the manifests, the capacity plan and the cost estimate consume: for every
service the compute target, the node pool or Fargate profile, the node selector (the pool's
labels), the tolerations (the pool's taints) and every rule that fired with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from chariot.plan.placement.base import fargate_selector, pool_of
from chariot.plan.placement.registry import CONSTRAINTS, PREFERENCES
from chariot.spec.model import NodePool, PlatformSpec, Service
from chariot.spec.placement import ComputeTarget, FiredRule, Placement

PIN_RULE = "spec-pin"
MAX_REDIRECTS = 10
_T = TypeVar("_T")


@dataclass(frozen=True)
class Conflict:
    """A service whose pinned (or only possible) placement breaks a constraint."""

    service: str
    rule: str
    reason: str

    def __str__(self) -> str:
        return f"service {self.service!r}: rule {self.rule!r}: {self.reason}"


class PlacementError(Exception):
    """One or more services cannot be placed; `conflicts` names each service and rule."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__("\n".join(str(c) for c in conflicts))
        self.conflicts = conflicts


def tolerations_for(pool: NodePool) -> list[dict[str, str]]:
    """Kubernetes tolerations that admit pods onto every taint of `pool`."""
    return [
        {"key": t.key, "operator": "Equal", "value": t.value, "effect": t.effect.value}
        for t in pool.taints
    ]


def _propose(service: Service, spec: PlatformSpec) -> tuple[ComputeTarget, bool, list[FiredRule]]:
    """The proposal before constraints: (target, pinned?, fired rules)."""
    fired: list[FiredRule] = []
    matching = [rule for rule in PREFERENCES if rule.matches(service, spec)]
    if service.compute != "auto":
        fired.append(FiredRule(PIN_RULE, f"the catalog entry pins compute: {service.compute}"))
        for rule in matching[:1]:
            if rule.compute != service.compute:
                fired.append(
                    FiredRule(
                        rule.name,
                        f"{rule.detail(service)}: would propose {rule.compute} "
                        f"({rule.reason}); the pin takes precedence",
                    )
                )
        return service.compute, True, fired
    first = matching[0]
    fired.append(
        FiredRule(first.name, f"{first.detail(service)} -> {first.compute}: {first.reason}")
    )
    return first.compute, False, fired


def _decide(service: Service, spec: PlatformSpec) -> tuple[ComputeTarget, list[FiredRule]]:
    compute, pinned, fired = _propose(service, spec)
    for _ in range(MAX_REDIRECTS):
        for constraint in CONSTRAINTS:
            redirect = constraint.check(service, spec, compute)
            if redirect is None:
                continue
            if redirect.compute is None:
                raise PlacementError([Conflict(service.name, constraint.name, redirect.reason)])
            if pinned:
                raise PlacementError(
                    [
                        Conflict(
                            service.name,
                            constraint.name,
                            f"the spec pins compute: {compute}, but {redirect.reason}",
                        )
                    ]
                )
            fired.append(
                FiredRule(constraint.name, f"{compute} -> {redirect.compute}: {redirect.reason}")
            )
            compute = redirect.compute
            break
        else:
            return compute, fired
    raise PlacementError(  # pragma: no cover - the registry's constraints do not cycle
        [Conflict(service.name, "placement", "constraints keep redirecting each other")]
    )


def _guaranteed(value: _T | None, by: str) -> _T:
    """A value a constraint has already guaranteed to exist (a bug in the registry if not)."""
    if value is None:  # pragma: no cover - the named constraint rules this out
        raise RuntimeError(f"placement invariant broken: {by} should have redirected")
    return value


def _placement(service: Service, spec: PlatformSpec) -> Placement:
    compute, fired = _decide(service, spec)
    if compute == "fargate":
        profile, selector = _guaranteed(fargate_selector(spec, service), "fargate-profile-required")
        return Placement(
            service.name, compute, fired=fired, pool=profile.name, pod_labels=dict(selector.labels)
        )
    if compute == "ec2_spot_with_on_demand_fallback":
        spot = _guaranteed(pool_of(spec, "SPOT"), "node-pool-available")
        on_demand = _guaranteed(pool_of(spec, "ON_DEMAND"), "node-pool-available")
        shared = {k: v for k, v in spot.labels.items() if on_demand.labels.get(k) == v}
        return Placement(
            service.name,
            compute,
            node_selector=shared,
            tolerations=tolerations_for(spot),
            fired=fired,
            pool=spot.name,
            preferred_node_selector=dict(spot.labels),
        )
    pool = _guaranteed(
        pool_of(spec, "SPOT" if compute == "ec2_spot" else "ON_DEMAND"), "node-pool-available"
    )
    return Placement(
        service.name,
        compute,
        node_selector=dict(pool.labels),
        tolerations=tolerations_for(pool),
        fired=fired,
        pool=pool.name,
    )


def place(spec: PlatformSpec) -> dict[str, Placement]:
    """Place every service of the catalog; raise PlacementError listing every conflict."""
    placements: dict[str, Placement] = {}
    conflicts: list[Conflict] = []
    for service in spec.services:
        try:
            placements[service.name] = _placement(service, spec)
        except PlacementError as exc:
            conflicts += exc.conflicts
    if conflicts:
        raise PlacementError(conflicts)
    return placements
