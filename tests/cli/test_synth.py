"""`chariot synth`: templates under DIST/<env>/, a table of stacks, and clear failures."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from chariot.cli.main import app
from tests.spec.helpers import write_tree

runner = CliRunner()


def test_synth_dev_writes_templates_and_reports_them(root: Path, tmp_path: Path) -> None:
    args = ["synth", "--env", "dev", "--root", str(root), "--out", str(tmp_path), "-f", "json",
            "--on", "2026-11-26"]  # fmt: skip
    cache = {"CHARIOT_CACHE_DIR": str(tmp_path / "cache")}
    result = runner.invoke(app, args, env=cache)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["failures"] == []
    (dev,) = data["environments"]
    stacks = {s["stack"]: s for s in dev["stacks"]}
    assert stacks["chariot-dev-network"]["resources"] > 0
    for stack in stacks.values():
        assert Path(stack["template"]).is_file()
        assert Path(stack["template"]).parent == tmp_path / "dev"
    assert {c["name"] for c in dev["checks"]} == {
        "spec rules",
        "cdk-nag",
        "cfn-lint",
        "manifest validation",
        "readiness",
        "disaster recovery",
    }
    assert all(c["passed"] for c in dev["checks"])
    assert dev["manifests"] > 0
    assert (tmp_path / "dev" / "k8s" / "kustomization.yaml").is_file()
    assert not (tmp_path / "dev" / "k8s-us-west-2").exists()  # backup_restore: no DR cluster
    report = (tmp_path / "dev" / "report.md").read_text()
    assert "mermaid" in report
    assert "[runbook.md](runbook.md)" in report  # the DR runbook, written beside it
    assert (tmp_path / "dev" / "runbook.md").read_text().startswith("# Disaster recovery runbook")
    assert dev["monthly_usd"] > 0
    assert list((tmp_path / "cache" / "cfn-lint").glob("*.json"))  # findings kept per template

    again = runner.invoke(app, args, env=cache)  # nothing changed: the recorded build answers
    assert again.exit_code == 0, again.output
    assert "dev: unchanged since the last passed build" in again.stderr
    assert json.loads(again.stdout)["environments"] == [{**dev, "unchanged": True}]


def test_synth_refuses_an_invalid_spec_before_building(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    data["network"]["subnets"]["private"][1] = "10.0.1.128/25"
    write_tree(tmp_path / "project", data)
    result = runner.invoke(
        app, ["synth", "--root", str(tmp_path / "project"), "--out", str(tmp_path / "dist")]
    )
    assert result.exit_code == 2
    assert "network.subnets.private[1]: 10.0.1.128/25 overlaps 10.0.1.0/24" in result.stderr
    assert not (tmp_path / "dist").exists()


def test_synth_refuses_a_cloudfront_waf_outside_us_east_1_in_one_line(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    data["region"] = "eu-west-1"
    data["availability_zones"] = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    write_tree(tmp_path / "project", data)
    result = runner.invoke(
        app,
        ["synth", "--env", "prod", "--root", str(tmp_path / "project"),
         "--out", str(tmp_path / "dist"), "--on", "2026-11-26"],
    )  # fmt: skip
    assert result.exit_code == 2
    # A spec rule, so with the line, before any synthesis, and `spec validate` says the same.
    line = "prod.yaml:5: region: CloudFront's WAF web ACL must live in us-east-1"
    assert line in result.stderr
    assert "Traceback" not in result.output
    validate = runner.invoke(
        app, ["spec", "validate", "--env", "prod", "--root", str(tmp_path / "project"),
              "--on", "2026-11-26"],
    )  # fmt: skip
    assert validate.exit_code == 2
    assert line in validate.stderr
