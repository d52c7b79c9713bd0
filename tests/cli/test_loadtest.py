"""`chariot loadtest`: argument errors are one line and exit 2; a run prints the numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chariot.cli.main import app
from tests.cli.local import dev_down, dev_up, runner, spec_args


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--service", "billing"], "not one of users, assets, vulnerabilities"),
        (["--service", "users", "--duration", "2h"], "--duration"),
        (["--service", "users", "--duration", "10s"], "no local platform running"),
        (["--service", "users", "--base-url", "http://127.0.0.1:9"], "--token"),
    ],
)
def test_mistakes_are_one_line_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(
        app,
        ["loadtest", *spec_args(tmp_path), *args],
        env={"CHARIOT_TOKEN": ""} if "--base-url" in args else None,
    )
    assert result.exit_code == 2, result.output
    assert message in result.stderr


def test_a_run_against_the_local_platform(tmp_path: Path) -> None:
    up = dev_up(tmp_path)
    assert up.exit_code == 0, up.output
    try:
        result = runner.invoke(
            app,
            [
                "loadtest",
                *spec_args(tmp_path),
                "--service",
                "assets",
                "--rps",
                "40",
                "--duration",
                "2s",
                "--keys",
                "10",
                "-f",
                "json",
            ],
        )
    finally:
        dev_down(tmp_path)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["service"] == "assets"
    assert report["base_url"].startswith("http://127.0.0.1:")
    assert report["requests"] >= 70
    assert report["error_rate"] == 0
    assert report["thresholds_passed"] is True
