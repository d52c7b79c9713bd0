"""`chariot spec`: exit codes, one line per problem, JSON for machines."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from chariot.cli.main import app
from tests.spec.helpers import write_tree

runner = CliRunner()


def test_validate_all_shipped_environments(root: Path) -> None:
    result = runner.invoke(app, ["spec", "validate", "--root", str(root), "--on", "2026-11-26"])
    assert result.exit_code == 0, result.output
    for env in ("dev", "staging", "prod"):
        assert env in result.output


def test_validate_json(root: Path) -> None:
    result = runner.invoke(
        app, ["spec", "validate", "--root", str(root), "--on", "2026-11-26", "-f", "json"]
    )
    data = json.loads(result.stdout)
    assert [e["environment"] for e in data["environments"]] == ["dev", "prod", "staging"]
    assert data["problems"] == []


def test_eks_1_30_is_refused_with_exit_2(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["cluster"]["kubernetes_version"] = "1.30"
    write_tree(tmp_path, data)
    result = runner.invoke(app, ["spec", "validate", "--root", str(tmp_path), "--on", "2026-11-26"])
    assert result.exit_code == 2
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert "environments/prod.yaml:" in line
    assert "cluster.kubernetes_version: Kubernetes 1.30 left EKS standard support" in line
    assert "Traceback" not in result.output


def test_show_prints_the_resolved_spec(root: Path) -> None:
    result = runner.invoke(app, ["spec", "show", "--env", "dev", "--root", str(root), "-f", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["network"]["nat_gateways"] == 1
    assert data["mesh"]["retries"]["attempts"] == 3  # a default filled in


def test_show_unknown_env(root: Path) -> None:
    result = runner.invoke(app, ["spec", "show", "--env", "qa", "--root", str(root)])
    assert result.exit_code == 2
    assert "no such environment 'qa' (known: dev, prod, staging)" in result.stderr


def test_bad_date_option(root: Path) -> None:
    result = runner.invoke(app, ["spec", "validate", "--root", str(root), "--on", "tomorrow"])
    assert result.exit_code == 2
    assert "--on: 'tomorrow' is not a date (YYYY-MM-DD)" in result.stderr


def test_every_command_has_help() -> None:
    for args in (
        ["--help"],
        ["spec", "--help"],
        ["spec", "validate", "--help"],
        ["synth", "--help"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0
        assert "Usage" in result.output
