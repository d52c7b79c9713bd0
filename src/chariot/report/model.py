"""The report of one environment as one typed value: what `report.json` serializes and
`report.md` renders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from chariot.plan.capacity import CapacityPlan
from chariot.plan.cost.estimate import CostEstimate
from chariot.plan.placement.base import Constraint, Preference
from chariot.plan.placement.registry import CONSTRAINTS, PREFERENCES
from chariot.report.checks import plan_checks
from chariot.report.diagram import mermaid
from chariot.spec.model import PlatformSpec
from chariot.spec.placement import Placement
from chariot.verify.check import Check


@dataclass(frozen=True)
class EnvironmentReport:
    environment: str
    name: str
    region: str
    generated: date
    preferences: Sequence[Preference]
    constraints: Sequence[Constraint]
    placements: list[Placement]  # in catalog order
    capacity: CapacityPlan
    cost: CostEstimate | None
    checks: list[Check]  # the report's own, then the pipeline's
    diagram: str
    runbook: str | None = None  # the DR runbook beside the report (`runbook.md`), when written

    def to_dict(self) -> dict[str, Any]:
        return {
            "environment": self.environment,
            "name": self.name,
            "region": self.region,
            "generated": self.generated.isoformat(),
            "rules": rules_dict(),
            "placements": [placement_dict(p) for p in self.placements],
            "capacity": self.capacity.to_dict(),
            "cost": self.cost.to_dict() if self.cost is not None else None,
            "checks": [asdict(c) for c in self.checks],
            "diagram": self.diagram,
            "runbook": self.runbook,
        }


def placement_dict(placement: Placement) -> dict[str, Any]:
    return asdict(placement)


def rules_dict() -> dict[str, list[dict[str, str]]]:
    """The placement rule catalog: every preference and constraint with its source."""
    return {
        "preferences": [
            {
                "name": r.name,
                "source": r.source,
                "condition": r.condition,
                "compute": r.compute,
                "reason": r.reason,
            }
            for r in PREFERENCES
        ],
        "constraints": [
            {"name": c.name, "source": c.source, "condition": c.condition, "reason": c.reason}
            for c in CONSTRAINTS
        ],
    }


def build_report(
    spec: PlatformSpec,
    placements: dict[str, Placement],
    capacity: CapacityPlan,
    cost: CostEstimate | None = None,
    *,
    checks: Sequence[Check] = (),
    today: date | None = None,
    runbook: str | None = None,
) -> EnvironmentReport:
    """The report of `spec`'s plan; `checks` are those the pipeline ran (cdk-nag, ...);
    `runbook` the DR runbook's file name beside it, when one was written."""
    on = today or date.today()
    return EnvironmentReport(
        environment=spec.environment,
        name=spec.name,
        region=spec.region,
        generated=on,
        preferences=PREFERENCES,
        constraints=CONSTRAINTS,
        placements=[placements[s.name] for s in spec.services],
        capacity=capacity,
        cost=cost,
        checks=[*plan_checks(spec, placements, capacity, cost, on), *checks],
        diagram=mermaid(spec, placements),
        runbook=runbook,
    )
