"""Write the report of one environment beside its outputs: `report.md` and `report.json`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from chariot.plan.capacity import CapacityPlan
from chariot.plan.cost.estimate import CostEstimate
from chariot.report.markdown import render_markdown
from chariot.report.model import build_report
from chariot.report.runbook import write_runbook
from chariot.spec.model import PlatformSpec
from chariot.spec.placement import Placement
from chariot.verify.check import Check
from chariot.verify.dr.runbook import Runbook

REPORT_MD = "report.md"
REPORT_JSON = "report.json"


def write_report(
    spec: PlatformSpec,
    placements: dict[str, Placement],
    capacity: CapacityPlan,
    cost: CostEstimate | None,
    outdir: Path,
    *,
    checks: Sequence[Check] = (),
    today: date | None = None,
    runbook: Runbook | None = None,
) -> tuple[Path, Path]:
    """Write `report.md` and `report.json` into `outdir` (created if needed), and `runbook.md`
    when a DR runbook is given (the report links to it); return the report's two paths."""
    link = write_runbook(runbook, outdir).name if runbook is not None else None
    report = build_report(
        spec, placements, capacity, cost, checks=checks, today=today, runbook=link
    )
    outdir.mkdir(parents=True, exist_ok=True)
    markdown = outdir / REPORT_MD
    machine = outdir / REPORT_JSON
    markdown.write_text(render_markdown(report) + "\n", encoding="utf-8")
    machine.write_text(json.dumps(report.to_dict(), indent=2, default=str) + "\n", encoding="utf-8")
    return markdown, machine
