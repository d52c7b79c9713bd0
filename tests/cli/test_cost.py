"""`chariot cost`: the itemised table, JSON and Markdown views, and clear user errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from chariot.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "plan" / "fixtures" / "prod"
runner = CliRunner()
BASE = ["cost", "--env", "prod", "--root", str(ROOT), "--on", "2026-11-26"]


def test_json_itemises_and_reports_the_unknown_type() -> None:
    result = runner.invoke(app, [*BASE, "--templates", str(FIXTURES), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total_usd"] > 2000
    assert [u["type"] for u in data["unpriced"]] == ["AWS::GameLift::Fleet"]
    assert "warning: 1 resources are unpriced" in result.stderr
    assert data["usage_file"].endswith("environments/usage/prod.yaml")


def test_table_and_markdown_show_components_total_and_savings() -> None:
    table = runner.invoke(app, [*BASE, "--templates", str(FIXTURES)], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.stderr
    for text in (
        "Monthly cost: prod",
        "Neptune",
        "Total",
        "Optimisation potential",
        "Neptune reserved instances",
        "Unpriced resources",
    ):
        assert text in table.stdout
    markdown = runner.invoke(app, [*BASE, "--templates", str(FIXTURES), "-f", "markdown"])
    assert markdown.exit_code == 0, markdown.stderr
    assert markdown.stdout.startswith("## Monthly cost")
    assert "| component | configuration | monthly (USD) |" in markdown.stdout


def test_report_flag_writes_report_files(tmp_path: Path) -> None:
    templates = tmp_path / "dist" / "prod"
    shutil.copytree(FIXTURES, templates)
    result = runner.invoke(app, [*BASE, "--templates", str(templates), "--report", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert (templates / "report.md").read_text().startswith("# chariot · prod · us-east-1")
    assert json.loads((templates / "report.json").read_text())["environment"] == "prod"


def test_missing_templates_say_run_synth() -> None:
    result = runner.invoke(app, [*BASE, "--templates", "/nonexistent/dist/prod"])
    assert result.exit_code == 2
    assert "run `chariot synth` first" in result.stderr


def test_bad_usage_key_names_file_and_key(tmp_path: Path) -> None:
    usage = tmp_path / "prod.yaml"
    usage.write_text("nat_gateway:\n  gigabytes: 3\n")
    result = runner.invoke(app, [*BASE, "--templates", str(FIXTURES), "--usage", str(usage)])
    assert result.exit_code == 2
    assert f"{usage}: nat_gateway.gigabytes: unknown usage key" in result.stderr
