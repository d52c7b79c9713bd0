"""The written report: the same data as Markdown and JSON, every check that ran."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from chariot.plan.capacity import plan_capacity
from chariot.plan.cost.estimate import CostEstimate, all_usage_keys, estimate
from chariot.plan.cost.usage import load_usage
from chariot.plan.placement import place
from chariot.report.markdown import render_markdown
from chariot.report.model import build_report
from chariot.report.write import write_report
from chariot.spec.model import PlatformSpec
from chariot.spec.rules.registry import RULES
from chariot.verify.check import Check
from tests.report.test_runbook import RUNBOOK

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "plan" / "fixtures" / "prod"
TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def cost(prod: PlatformSpec) -> CostEstimate:
    usage = load_usage(ROOT / "environments" / "usage" / "prod.yaml", all_usage_keys())
    placements = place(prod)
    return estimate(
        prod,
        FIXTURES,
        usage,
        capacity=plan_capacity(prod, placements),
        placements=placements,
        today=TODAY,
    )


def test_report_json_and_markdown_hold_the_same_data(
    prod: PlatformSpec, cost: CostEstimate, tmp_path: Path
) -> None:
    placements = place(prod)
    capacity = plan_capacity(prod, placements)
    nag = Check("cdk-nag AwsSolutions", False, "2 findings", "synth")
    md, js = write_report(
        prod, placements, capacity, cost, tmp_path / "dist" / "prod", checks=[nag], today=TODAY
    )
    data = json.loads(js.read_text())
    report = build_report(prod, placements, capacity, cost, checks=[nag], today=TODAY)
    assert data == json.loads(json.dumps(report.to_dict(), default=str))
    text = md.read_text()
    for heading in (
        "## Architecture",
        "## Placement",
        "## Capacity",
        "### Scale check",
        "## Monthly cost",
        "### Optimisation potential",
        "## Checks",
    ):
        assert heading in text
    assert "```mermaid\nflowchart TB" in text
    assert f"**${cost.total_usd:,.2f}**" in text
    assert "mesh-not-on-fargate" in text
    checks = {c["name"]: c for c in data["checks"]}
    assert set(RULES) <= set(checks)  # every spec rule that ran
    assert checks["cdk-nag AwsSolutions"]["passed"] is False
    assert "| cdk-nag AwsSolutions | synth | **fail** | 2 findings |" in text
    assert checks["every resource priced"]["passed"] is False  # the budget is unpriced
    assert checks["cluster: 10000 rps in total"]["passed"] is False


def test_report_without_templates_says_cost_was_not_estimated(prod: PlatformSpec) -> None:
    placements = place(prod)
    report = build_report(prod, placements, plan_capacity(prod, placements), None, today=TODAY)
    assert report.to_dict()["cost"] is None
    assert "Not estimated: no synthesized templates." in render_markdown(report)
    assert any(c.name == "cost estimate" and not c.passed for c in report.checks)


def test_the_report_links_the_runbook_written_beside_it(
    prod: PlatformSpec, cost: CostEstimate, tmp_path: Path
) -> None:
    placements = place(prod)
    outdir = tmp_path / "dist" / "prod"
    md, js = write_report(
        prod, placements, plan_capacity(prod, placements), cost, outdir, today=TODAY,
        runbook=RUNBOOK,
    )  # fmt: skip
    assert (outdir / "runbook.md").is_file()
    assert "## Disaster recovery" in md.read_text()
    assert "[runbook.md](runbook.md)" in md.read_text()
    assert json.loads(js.read_text())["runbook"] == "runbook.md"
