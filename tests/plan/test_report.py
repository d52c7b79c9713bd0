"""The report: the same data as Markdown and JSON, a diagram drawn from the spec, every check."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from chariot.plan.capacity import plan_capacity
from chariot.plan.cost.estimate import CostEstimate, all_usage_keys, estimate
from chariot.plan.cost.usage import load_usage
from chariot.plan.placement import place
from chariot.plan.report import Check, build_report, mermaid, render_markdown, write_report
from chariot.spec.model import PlatformSpec
from chariot.spec.rules.registry import RULES
from tests.plan.conftest import service, vary

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


def subgraphs(diagram: str) -> dict[str, list[str]]:
    """Subgraph id -> the node ids declared directly inside it."""
    stack: list[str] = []
    members: dict[str, list[str]] = {}
    for line in diagram.splitlines():
        text = line.strip()
        if text.startswith("subgraph "):
            stack.append(text.split()[1].split("[")[0])
            members[stack[-1]] = []
        elif text == "end":
            stack.pop()
        elif stack and re.match(r"^[A-Za-z0-9_]+\[", text):
            members[stack[-1]].append(text.split("[")[0])
    assert not stack, "unbalanced subgraph/end"
    return members


def test_diagram_puts_each_service_in_its_pool_and_none_meshed_on_fargate(
    prod: PlatformSpec,
) -> None:
    spec = vary(
        prod,
        [
            *prod.model_dump(mode="json")["services"],
            service(
                name="ingest", namespace="batch", meshed=False, target_rps=800, latency_slo_ms=150
            ),
        ],
    )
    placements = place(spec)
    diagram = mermaid(spec, placements)
    groups = subgraphs(diagram)
    assert groups["pool_on_demand_workers"] == ["assets", "users", "vulnerabilities"]
    assert groups["fargate_batch_offmesh"] == ["ingest"]
    for svc in spec.services:
        assert f"{svc.name} --> " in diagram or svc.data.table is None
    assert diagram.startswith("flowchart TB")
    assert "ingress --> ingest" not in diagram  # off-mesh: not behind the Istio gateway
    for label in re.findall(r'\["([^"]*)"\]', diagram):
        assert '"' not in label


def test_diagram_follows_the_edge_choice(prod: PlatformSpec) -> None:
    spec = vary(prod, edge__api_gateway="none", edge__cdn__enabled=False)
    diagram = mermaid(spec, place(spec))
    assert "apigw" not in diagram
    assert "cdn" not in diagram
    assert "clients --> nlb --> ingress" in diagram


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
    assert data == json.loads(
        json.dumps(
            build_report(prod, placements, capacity, cost, checks=[nag], today=TODAY), default=str
        )
    )
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
    data = build_report(prod, placements, plan_capacity(prod, placements), None, today=TODAY)
    assert data["cost"] is None
    assert "Not estimated: no synthesized templates." in render_markdown(data)
    assert any(c["name"] == "cost estimate" and not c["passed"] for c in data["checks"])


def test_docs_list_every_usage_key() -> None:
    from chariot.plan.cost.estimate import all_usage_keys

    docs = (ROOT / "docs" / "planning.md").read_text()
    missing = [k.path for k in all_usage_keys() if f"`{k.path}`" not in docs]
    assert missing == []
