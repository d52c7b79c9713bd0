"""The whole plan for one environment in one call, so `chariot synth` can wire it in one line.

place -> capacity (with measured per-pod rates when present) -> cost of the synthesized
templates (with the environment's usage file) -> report.md / report.json.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from chariot.plan.capacity import CapacityPlan, plan_capacity, read_per_pod
from chariot.plan.cost.estimate import CostEstimate, all_usage_keys, estimate
from chariot.plan.cost.usage import Usage, load_usage, usage_file
from chariot.plan.placement import place
from chariot.plan.report import Check, write_report
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


def write_environment_report(
    spec: PlatformSpec,
    root: Path,
    outdir: Path,
    checks: Sequence[Check] = (),
    today: date | None = None,
) -> tuple[Path, Path]:
    """Plan `spec`, price the templates in `outdir` and write report.md/report.json there.

    This is the call for `chariot synth`, after the templates are in `dist/<env>/`.
    """
    result = plan_environment(spec, root, outdir, today=today)
    return write_report(
        spec, result.placements, result.capacity, result.cost, outdir, checks=checks, today=today
    )
