"""`chariot dr`: the per-store verdict of a written dist/<env>, exit 1 naming each miss."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from chariot.cli.main import app
from tests.verify.readiness.fixtures import write_dist

runner = CliRunner()


def _dist(tmp_path: Path, table: dict[str, Any]) -> Path:
    write_dist(tmp_path / "dist" / "prod", {"chariot-prod-services-1": {"Resources": {"T": table}}})
    return tmp_path / "dist"


def _dr(root: Path, dist: Path, *extra: str) -> Any:
    return runner.invoke(
        app, ["dr", "--env", "prod", "--root", str(root), "--out", str(dist), "--on", "2026-11-26",
              *extra],
    )  # fmt: skip


GLOBAL = {
    "Type": "AWS::DynamoDB::GlobalTable",
    "Properties": {
        "TableName": "UserService-prod",
        "Replicas": [
            {"Region": r, "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True}}
            for r in ("us-east-1", "us-west-2")
        ],
    },
}
PLAIN = {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "UserService-prod"}}


def test_a_global_table_meets_prod_targets(root: Path, tmp_path: Path) -> None:
    result = _dr(root, _dist(tmp_path, GLOBAL), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["passed"] is True
    region = next(r for r in data["rows"] if r["failure"] == "region loss")
    assert region["rpo_minutes"] == 1 / 60
    assert region["rpo_source"].startswith("https://docs.aws.amazon.com/amazondynamodb/")


def test_a_single_region_table_fails_naming_the_store(root: Path, tmp_path: Path) -> None:
    result = _dr(root, _dist(tmp_path, PLAIN))
    assert result.exit_code == 1
    assert (
        "error: DynamoDB table UserService-prod (chariot-prod-services-1): region loss: "
        "RPO unbounded"
    ) in result.stderr.replace("\n", "")
    assert "MISSED" in result.stdout


def test_a_missing_dist_is_one_line(root: Path, tmp_path: Path) -> None:
    result = _dr(root, tmp_path / "nothing")
    assert result.exit_code == 2
    assert "manifest.json: no such file; synthesize first" in result.stderr
    assert "Traceback" not in result.output


def test_the_runbook_is_written_beside_the_templates(root: Path, tmp_path: Path) -> None:
    dist = _dist(tmp_path, GLOBAL)
    result = _dr(root, dist)
    assert result.exit_code == 0, result.output
    runbook = dist / "prod" / "runbook.md"
    assert f"runbook: {runbook}" in result.stdout.replace("\n", "")
    text = runbook.read_text()
    assert text.startswith("# Disaster recovery runbook · prod\n")
    assert "--table-name $t" in text
    assert "UserService-prod" in text
