"""`npx cdk synth -c env=E` (the CDK CLI reading cdk.json) gives chariot synth's templates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, Synthesized

CDK = ROOT / "node_modules" / ".bin" / "cdk"


@pytest.mark.skipif(
    not CDK.exists() and os.environ.get("CI") != "true",
    reason="CDK CLI not installed: run `npm ci` (CI always installs it)",
)
def test_cdk_cli_agrees_with_chariot_synth(
    synthesized: dict[str, Synthesized], tmp_path: Path
) -> None:
    out = tmp_path / "cdk.out"
    result = subprocess.run(
        [str(CDK), "synth", "-c", "env=prod", "-o", str(out), "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "CDK_DISABLE_CLI_TELEMETRY": "true"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    ours = sorted(synthesized["prod"].outdir.glob("*.template.json"))
    theirs = sorted(out.glob("*.template.json"))
    assert [p.name for p in ours] == [p.name for p in theirs]
    for mine, cli in zip(ours, theirs, strict=True):
        assert json.loads(mine.read_text()) == json.loads(cli.read_text()), mine.name


def test_cdk_app_without_env_context_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "chariot.infra.cdk_app"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CDK_OUTDIR": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 2
    assert "context 'env' is missing: run `npx cdk synth -c env=prod`" in result.stderr
