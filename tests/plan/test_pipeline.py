"""The one-call pipeline `chariot synth` uses: plan, price the templates, write the report."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from chariot.plan.pipeline import load_environment_usage, plan_environment, write_environment_report
from chariot.plan.report import Check
from chariot.spec.model import PlatformSpec

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "plan" / "fixtures" / "prod"


def test_without_templates_only_placement_and_capacity(prod: PlatformSpec) -> None:
    result = plan_environment(prod, ROOT)
    assert set(result.placements) == {"assets", "users", "vulnerabilities"}
    assert result.capacity.pools
    assert result.cost is None


def test_environment_usage_file_is_used(prod: PlatformSpec) -> None:
    usage = load_environment_usage(ROOT, "prod")
    assert usage.file == ROOT / "environments" / "usage" / "prod.yaml"
    assert load_environment_usage(ROOT, "nowhere").file is None


def test_synth_hook_writes_the_report_beside_the_templates(
    prod: PlatformSpec, tmp_path: Path
) -> None:
    outdir = tmp_path / "dist" / "prod"
    shutil.copytree(FIXTURES, outdir)
    md, js = write_environment_report(
        prod,
        ROOT,
        outdir,
        checks=[Check("cfn-lint", True, "0 errors", "synth")],
        today=date(2026, 11, 26),
    )
    data = json.loads(js.read_text())
    assert data["cost"]["usage_file"].endswith("environments/usage/prod.yaml")
    assert data["cost"]["total_usd"] > 0
    assert any(c["name"] == "cfn-lint" for c in data["checks"])
    assert md.read_text().count("```mermaid") == 1
