"""`chariot plan`: tables for people, JSON for machines, one-line errors for conflicts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from typer.testing import CliRunner

from chariot.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def copy_project(tmp_path: Path) -> Path:
    for folder in ("environments", "services"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def test_plan_json_places_every_service_with_reasons() -> None:
    result = runner.invoke(app, ["plan", "--env", "prod", "--root", str(ROOT), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    placed = {p["service"]: p for p in data["placements"]}
    assert set(placed) == {"assets", "users", "vulnerabilities"}
    for placement in placed.values():
        assert placement["compute"] != "fargate"
        assert [f["rule"] for f in placement["fired"]] == [
            "api-predictable-load",
            "mesh-not-on-fargate",
        ]
    assert {p["name"] for p in data["capacity"]["pools"]} == {"spot-workers", "on-demand-workers"}


def test_plan_table_shows_rules_capacity_and_scale_check() -> None:
    result = runner.invoke(
        app, ["plan", "--env", "prod", "--root", str(ROOT)], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.stderr
    for title in (
        "Placement",
        "Rules fired",
        "Capacity",
        "Node pools",
        "Fargate pods",
        "Scale check",
    ):
        assert title in result.stdout
    assert "mesh-not-on-fargate" in result.stdout
    assert "limit hit" not in result.stdout  # prod's sizes pass every check


def test_placement_conflict_is_a_one_line_error_naming_service_and_rule(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    entry = {
        "name": "ingest",
        "team": "ingest",
        "namespace": "edge",
        "tier": "standard",
        "kind": "background",  # routed off-mesh services are refused (edge-routes-authenticated)
        "image": "1.0.0",
        "target_rps": 100,
        "rps_limit": 100,
        "latency_slo_ms": 300,
        "meshed": False,
        "compute": "fargate",
    }
    (root / "services" / "ingest.yaml").write_text(yaml.safe_dump(entry))
    result = runner.invoke(app, ["plan", "--env", "prod", "--root", str(root)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: placement conflict: service 'ingest': rule 'fargate-profile-required': the spec "
        "pins compute: fargate, but no Fargate profile selects namespace 'edge' "
        "(cluster.fargate_profiles); on-demand EC2 instead"
    ]
    assert "Traceback" not in result.stdout + result.stderr


def test_meshed_service_pinned_to_fargate_is_refused_before_planning(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    users = root / "services" / "users.yaml"
    users.write_text(users.read_text().replace("compute: auto", "compute: fargate"))
    result = runner.invoke(app, ["plan", "--env", "prod", "--root", str(root)])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert "users.yaml" in line
    assert "service 'users' is meshed and pinned to Fargate" in line


def test_plan_table_lists_every_rule_with_its_reason() -> None:
    from chariot.plan.placement.registry import CONSTRAINTS, PREFERENCES

    result = runner.invoke(
        app, ["plan", "--env", "prod", "--root", str(ROOT)], env={"COLUMNS": "400"}
    )
    assert result.exit_code == 0, result.stderr
    for rule in (*PREFERENCES, *CONSTRAINTS):
        assert rule.name in result.stdout
        assert rule.reason in result.stdout
