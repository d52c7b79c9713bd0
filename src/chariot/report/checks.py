"""The checks the report adds to those the pipeline ran, each evaluated on the final result:
the spec rules on the spec, the placement constraints on the placements, the scale check on the
capacity plan, the price catalog's age and coverage on the cost estimate."""

from __future__ import annotations

from datetime import date

from chariot.plan.capacity import CapacityPlan
from chariot.plan.cost.estimate import CostEstimate
from chariot.plan.placement.registry import CONSTRAINTS
from chariot.spec.model import PlatformSpec
from chariot.spec.placement import Placement
from chariot.spec.problems import format_path
from chariot.spec.rules.base import Context
from chariot.spec.rules.registry import RULES
from chariot.verify.check import Check


def spec_rule_checks(spec: PlatformSpec, on: date) -> list[Check]:
    """Every spec rule, run again on the spec the outputs were made from."""
    checks = []
    for name, rule in RULES.items():
        found = [f"{format_path(loc)}: {reason}" for loc, reason in rule(spec, Context(on=on))]
        checks.append(Check(name, not found, "; ".join(found) or "holds", "spec rule"))
    return checks


def placement_checks(spec: PlatformSpec, placements: dict[str, Placement]) -> list[Check]:
    """Every placement constraint holds for every final placement; the detail says whom it
    redirected on the way."""
    checks = []
    for constraint in CONSTRAINTS:
        broken = [
            f"{service.name}: {redirect.reason}"
            for service in spec.services
            if (redirect := constraint.check(service, spec, placements[service.name].compute))
        ]
        fired = [
            s for s, p in placements.items() if any(f.rule == constraint.name for f in p.fired)
        ]
        if broken:
            detail = "; ".join(broken)
        elif fired:
            detail = f"redirected {', '.join(fired)}"
        else:
            detail = "no proposal needed redirecting"
        checks.append(Check(constraint.name, not broken, detail, "placement constraint"))
    return checks


def cost_checks(cost: CostEstimate | None) -> list[Check]:
    if cost is None:
        return [Check("cost estimate", False, "no synthesized templates to price", "cost")]
    fresh = cost.stale_catalog is None
    names = ", ".join(f"{u.resource} ({u.type})" for u in cost.unpriced)
    return [
        Check(
            "price catalog fresh",
            fresh,
            cost.stale_catalog or f"oldest price read {cost.catalog_oldest_read}",
            "cost",
        ),
        Check(
            "every resource priced",
            not cost.unpriced,
            f"unpriced: {names}" if cost.unpriced else "all priced or known free",
            "cost",
        ),
    ]


def plan_checks(
    spec: PlatformSpec,
    placements: dict[str, Placement],
    capacity: CapacityPlan,
    cost: CostEstimate | None,
    on: date,
) -> list[Check]:
    scale = [Check(c.name, c.ok, c.detail, "scale check") for c in capacity.checks]
    return [
        *spec_rule_checks(spec, on),
        *placement_checks(spec, placements),
        *scale,
        *cost_checks(cost),
    ]
