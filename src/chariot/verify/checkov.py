"""checkov, run from its own tool environment (it pins libraries the project must not share).

`uvx` fetches checkov at a fixed version into an isolated environment; `--skip-download`
keeps it from calling Bridgecrew's API. The result is one `Finding` per failed check.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHECKOV = "checkov==3.3.30"
TIMEOUT_SECONDS = 600


class CheckovUnavailableError(RuntimeError):
    """`uvx` is not installed, so checkov's tool environment cannot be made."""


class CheckovFailedError(RuntimeError):
    """checkov crashed or printed something that is not its JSON report."""


@dataclass(frozen=True)
class Finding:
    check_id: str
    check_name: str
    file: str
    resource: str

    def __str__(self) -> str:
        return f"{self.file}: {self.resource}: {self.check_id} {self.check_name}"


def command(directory: Path, framework: str, skip_checks: Sequence[str]) -> list[str]:
    uvx = shutil.which("uvx")
    if uvx is None:
        raise CheckovUnavailableError("uvx is not on PATH; install uv to run checkov")
    args = [uvx, "--quiet", "--from", CHECKOV, "checkov", "-d", str(directory)]
    args += ["--framework", framework, "--skip-download", "-o", "json", "--compact"]
    if skip_checks:
        args += ["--skip-check", ",".join(skip_checks)]
    return args


def parse(report: Any) -> list[Finding]:
    """checkov prints one report object per framework, or a list of them."""
    reports = report if isinstance(report, list) else [report]
    findings = []
    for entry in reports:
        if not isinstance(entry, dict) or "results" not in entry:
            # An empty scan prints a summary without results.
            continue
        for failed in entry["results"].get("failed_checks", []):
            findings.append(
                Finding(
                    check_id=failed["check_id"],
                    check_name=failed.get("check_name", ""),
                    file=Path(failed.get("file_path", "")).name,
                    resource=failed.get("resource", ""),
                )
            )
    return findings


def run_checkov(directory: Path, framework: str, skip_checks: Sequence[str] = ()) -> list[Finding]:
    """Every failed check of `framework` in `directory` (minus `skip_checks`)."""
    result = subprocess.run(  # noqa: S603 - fixed argv, no shell
        command(directory, framework, skip_checks),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    # checkov exits 1 when a check fails; anything else unparsable is a crash.
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise CheckovFailedError(
            f"checkov exited {result.returncode}: {result.stderr.strip()[-500:]}"
        ) from None
    return parse(report)
