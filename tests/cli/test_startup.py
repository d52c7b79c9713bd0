"""The CLI answers at once: importing it, and every `--help`, loads none of the heavy libraries.

An import check, not a timing: each case runs in a fresh interpreter and lists the modules
loaded, so the check does not depend on what the test session imported before.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from chariot.cli.main import app
from tests.conftest import ROOT

HEAVY = ("aws_cdk", "jsii", "constructs", "cdk_nag", "cfnlint", "fastapi", "granian", "boto3")

# Runs the CLI in-process with the given arguments, then prints the top-level packages loaded.
PROBE = """
import json, sys
from chariot.cli.main import app
try:
    app(sys.argv[1:], prog_name="chariot")
except SystemExit:
    pass
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def loaded_after(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def command_paths() -> list[list[str]]:
    """Every command and group of the CLI, as the words that name it: [], ["spec"], ..."""
    paths: list[list[str]] = []

    def walk(command: object, words: list[str]) -> None:
        paths.append(words)
        for name, child in getattr(command, "commands", {}).items():
            walk(child, [*words, name])

    walk(typer.main.get_command(app), [])
    return paths


def test_import_loads_no_heavy_library() -> None:
    assert loaded_after().isdisjoint(HEAVY)


@pytest.mark.parametrize("words", command_paths(), ids=lambda w: " ".join(w) or "chariot")
def test_help_loads_no_heavy_library(words: list[str]) -> None:
    assert loaded_after(*words, "--help").isdisjoint(HEAVY)


def test_spec_and_plan_commands_load_neither_cdk_nor_linter() -> None:
    """Commands that only read the spec stay clear of the CDK, cfn-lint and the services."""
    for args in (["spec", "validate", "--env", "prod"], ["plan", "--env", "prod"]):
        assert loaded_after(*args, "--on", "2026-11-26").isdisjoint(HEAVY), args


def test_dev_up_loads_neither_cdk_nor_linter(tmp_path: Path) -> None:
    """`dev up` runs servers; the CDK (jsii's node process) has no business there."""
    state = ["--state-dir", str(tmp_path), "--on", "2026-11-26"]
    try:
        loaded = loaded_after("dev", "up", "--detach", "--no-seed", *state)
    finally:
        loaded_after("dev", "down", "--state-dir", str(tmp_path))
    assert loaded.isdisjoint({"aws_cdk", "jsii", "constructs", "cdk_nag", "cfnlint"})
