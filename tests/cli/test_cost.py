"""`chariot cost`: the itemised table, JSON and Markdown views, and clear user errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
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


# ---------------------------------------------------------------- issue 15: diff, budget, sync

DIFF = ["cost", "diff", "--root", str(ROOT), "--on", "2026-11-26"]


def scaled_copy(tmp_path: Path) -> Path:
    """The prod fixtures with one more NAT gateway: a change a pull request could make."""
    folder = tmp_path / "branch"
    shutil.copytree(FIXTURES, folder)
    network = folder / "chariot-prod-network.template.json"
    template = json.loads(network.read_text())
    nat = next(k for k, v in template["Resources"].items() if v["Type"] == "AWS::EC2::NatGateway")
    template["Resources"]["ExtraNat"] = template["Resources"][nat]
    network.write_text(json.dumps(template))
    return folder


def test_diff_between_two_folders_names_each_line_and_its_reason(tmp_path: Path) -> None:
    branch = scaled_copy(tmp_path)
    result = runner.invoke(app, [*DIFF, str(FIXTURES), str(branch), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    added = [line for line in data["lines"] if line["resource"].endswith("/ExtraNat")]
    assert {line["reason"] for line in added} == {"added"}
    hour = next(line for line in added if line["price_id"] == "vpc.nat.hour")
    assert hour["delta_usd"] == pytest.approx(730 * 0.045)
    assert data["delta_usd"] == pytest.approx(sum(line["delta_usd"] for line in data["lines"]))
    [nat] = [c for c in data["components"] if c["component"] == "NAT Gateway"]
    assert nat["delta_usd"] == pytest.approx(730 * 0.045 + 100 * 0.045)


def test_diff_markdown_is_a_pull_request_comment_and_fail_over_sets_the_exit_code(
    tmp_path: Path,
) -> None:
    branch = scaled_copy(tmp_path)
    comment = runner.invoke(app, [*DIFF, str(FIXTURES), str(branch), "-f", "markdown"])
    assert comment.exit_code == 0, comment.stderr
    assert comment.stdout.startswith(f"## Cost diff: {FIXTURES} -> {branch}")
    assert "| NAT Gateway |" in comment.stdout
    assert "<details><summary>" in comment.stdout
    over = runner.invoke(app, [*DIFF, str(FIXTURES), str(branch), "--fail-over", "10"])
    assert over.exit_code == 3
    assert "over budget: +$" in over.stderr
    within = runner.invoke(app, [*DIFF, str(FIXTURES), str(branch), "--fail-over", "1000"])
    assert within.exit_code == 0


def test_diff_of_an_environment_without_templates_says_run_synth() -> None:
    result = runner.invoke(app, [*DIFF, "prod", "staging"])
    assert result.exit_code == 2
    assert "run `chariot synth` first" in result.stderr


def test_sync_usage_file_adds_keys_without_changing_the_estimate(tmp_path: Path) -> None:
    usage = tmp_path / "prod.yaml"
    shutil.copy(ROOT / "environments" / "usage" / "prod.yaml", usage)
    args = [*BASE, "--templates", str(FIXTURES), "--usage", str(usage), "-f", "json"]
    before = runner.invoke(app, args)
    synced = runner.invoke(app, [*args, "--sync-usage-file"])
    assert synced.exit_code == 0, synced.stderr
    assert "usage keys added" in synced.stderr
    text = usage.read_text()
    assert "commitment_usd: 0  # USD/month; default 0;" in text  # a key with its unit and default
    assert "# average_rcu: ...  # RCU;" in text  # a derived key stays a comment
    assert "average_to_peak: 0.1" in text  # the file's own values and comments are kept
    assert json.loads(synced.stdout)["total_usd"] == json.loads(before.stdout)["total_usd"]
    again = runner.invoke(app, [*args, "--sync-usage-file"])
    assert "0 usage keys added" in again.stderr
