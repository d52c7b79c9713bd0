"""The whole plan of one environment in one call: place -> capacity (with measured per-pod
rates when present) -> the cost of the synthesized templates (with the environment's usage file).
`chariot.report` turns the result into report.md / report.json.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from chariot.plan.capacity import CapacityPlan, plan_capacity, read_per_pod
from chariot.plan.cost.estimate import CostEstimate, all_usage_keys, estimate
from chariot.plan.cost.usage import Usage, load_usage, usage_file
from chariot.plan.placement import place
from chariot.spec.model import PlatformSpec
from chariot.spec.placement import Placement


@dataclass(frozen=True)
class EnvironmentPlan:
    placements: dict[str, Placement]
    capacity: CapacityPlan
    cost: CostEstimate | None


def load_environment_usage(root: Path, environment: str, file: Path | None = None) -> Usage:
    """The usage file of an environment (or `file`); defaults only when there is none."""
    path = file or usage_file(root, environment)
    return load_usage(path, all_usage_keys()) if path.is_file() else Usage()


def plan_environment(
    spec: PlatformSpec,
    root: Path,
    templates_dir: Path | None = None,
    usage: Usage | None = None,
    today: date | None = None,
    placements: dict[str, Placement] | None = None,
) -> EnvironmentPlan:
    """Placement and capacity always; the cost estimate when `templates_dir` is given.

    Raises PlacementError on a conflict and SpecError on bad benchmark, usage or template files.
    """
    placements = placements if placements is not None else place(spec)
    capacity = plan_capacity(spec, placements, read_per_pod(root))
    cost = None
    if templates_dir is not None:
        values = usage if usage is not None else load_environment_usage(root, spec.environment)
        cost = estimate(
            spec, templates_dir, values, capacity=capacity, placements=placements, today=today
        )
    return EnvironmentPlan(placements, capacity, cost)
