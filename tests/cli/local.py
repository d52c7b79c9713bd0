"""Shared setup for CLI tests that start the one-machine platform: the same flags every time."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner, Result

from chariot.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
DAY = "2026-11-26"
runner = CliRunner()


def spec_args(state_dir: Path) -> list[str]:
    """`--on`, `--root` and `--state-dir`: a fixed day, this checkout, a private state folder."""
    return ["--on", DAY, "--root", str(ROOT), "--state-dir", str(state_dir)]


def dev_up(state_dir: Path) -> Result:
    """`chariot dev up --detach --no-seed -f json` into `state_dir`."""
    return runner.invoke(
        app, ["dev", "up", *spec_args(state_dir), "--detach", "--no-seed", "-f", "json"]
    )


def dev_down(state_dir: Path, *args: str) -> Result:
    return runner.invoke(app, ["dev", "down", "--state-dir", str(state_dir), *args])
