"""`chariot check`: the checks of an existing dist/<env>, without synthesizing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from chariot.cli.main import app
from tests.verify.readiness.fixtures import write_dist

runner = CliRunner()


def _dist(tmp_path: Path, helm_timeout: str) -> Path:
    """A one-stack cloud assembly: a Helm release waiting inside a 900 s handler."""
    template: dict[str, Any] = {
        "Resources": {
            "Handler": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Timeout": 900,
                    "Tags": [  # cost allocation (the cost-allocation-tags rule)
                        {"Key": "chariot:environment", "Value": "prod"},
                        {"Key": "chariot:team", "Value": "platform"},
                    ],
                },
            },
            "Release": {
                "Type": "Custom::AWSCDK-EKS-HelmChart",
                "Properties": {
                    "ServiceToken": {"Fn::GetAtt": ["Handler", "Arn"]},
                    "Wait": True,
                    "Timeout": helm_timeout,
                },
            },
        }
    }
    env = write_dist(tmp_path / "dist" / "prod", {"chariot-prod-addons": template})
    (env / "k8s").mkdir()
    (env / "k8s-us-west-2").mkdir()  # prod is warm_standby: the DR region's manifests
    return tmp_path / "dist"


def _check(root: Path, dist: Path, *extra: str) -> Any:
    return runner.invoke(
        app,
        ["check", "--env", "prod", "--root", str(root), "--out", str(dist), "--no-cfn-lint",
         "--on", "2026-11-26", *extra],
    )  # fmt: skip


def test_a_readiness_error_fails_with_the_finding_line(root: Path, tmp_path: Path) -> None:
    result = _check(root, _dist(tmp_path, "900s"))
    assert result.exit_code == 1, result.output
    assert (
        "error "
        + str(tmp_path / "dist/prod/chariot-prod-addons.template.json")
        + ": Release: [waits-below-handler-timeout] Timeout 900s waits 900 s"
    ) in result.stdout.replace("\n", "")
    assert "FAILED" in result.stdout


def test_json_lists_checks_and_findings(root: Path, tmp_path: Path) -> None:
    result = _check(root, _dist(tmp_path, "900s"), "--format", "json")
    data = json.loads(result.stdout)
    assert data["passed"] is False
    assert [c["name"] for c in data["checks"]] == [
        "manifest validation",
        "manifest validation (us-west-2)",
        "readiness",
        "disaster recovery",
    ]
    (finding,) = data["readiness"]["findings"]
    assert finding["rule"] == "waits-below-handler-timeout"
    assert finding["subject"] == "Release"
    assert finding["stack"] == "chariot-prod-addons"


def test_a_compliant_dist_passes(root: Path, tmp_path: Path) -> None:
    result = _check(root, _dist(tmp_path, "600s"))
    assert result.exit_code == 0, result.output


def test_a_missing_dist_is_one_line_naming_the_file(root: Path, tmp_path: Path) -> None:
    result = _check(root, tmp_path / "nothing")
    assert result.exit_code == 2
    assert "manifest.json: no such file; synthesize first" in result.stderr
    assert "Traceback" not in result.output
