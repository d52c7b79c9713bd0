"""Run checkov on a folder and return its failed checks.

checkov pins old libraries (packaging, boto3), so it never runs in the project's environment:
`uvx` gives it a tool environment of its own, pinned to one version. `--skip-download` keeps it
offline (it would otherwise fetch policy metadata from a remote API).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHECKOV_VERSION = "3.3.30"
TIMEOUT_SECONDS = 600


class CheckovUnavailableError(RuntimeError):
    """`uvx` is not installed, so checkov cannot be given its own environment."""


class CheckovError(RuntimeError):
    """checkov ran but did not produce a report (crash, parse errors, bad arguments)."""


@dataclass(frozen=True)
class Finding:
    """One failed checkov check."""

    check_id: str
    check_name: str
    file: str
    resource: str
    lines: tuple[int, int] | None
    guideline: str | None

    def __str__(self) -> str:
        return f"{self.file}: {self.resource}: {self.check_id} {self.check_name}"


def command(directory: Path, framework: str, skip_checks: Sequence[str] = ()) -> list[str]:
    uvx = shutil.which("uvx")
    if uvx is None:
        raise CheckovUnavailableError(
            "uvx (from uv) is needed to run checkov in its own environment"
        )
    args = [
        uvx, "--from", f"checkov=={CHECKOV_VERSION}", "checkov",
        "--directory", str(directory), "--framework", framework,
        "--skip-download", "--output", "json", "--compact", "--quiet",
    ]  # fmt: skip
    if skip_checks:
        args += ["--skip-check", ",".join(skip_checks)]
    return args


def _reports(output: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(output)
    except json.JSONDecodeError as exc:
        raise CheckovError(f"checkov printed no JSON report: {output[:300]!r}") from exc
    reports = data if isinstance(data, list) else [data]
    return [r for r in reports if isinstance(r, dict)]


def parse(output: str) -> list[Finding]:
    """Failed checks from checkov's JSON output (one report, or a list of them)."""
    findings = []
    for report in _reports(output):
        summary = report.get("summary", {})
        if summary.get("parsing_errors"):
            raise CheckovError(f"checkov could not parse {summary['parsing_errors']} file(s)")
        for failed in report.get("results", {}).get("failed_checks", []):
            lines = failed.get("file_line_range")
            findings.append(
                Finding(
                    check_id=str(failed["check_id"]),
                    check_name=str(failed.get("check_name", "")),
                    file=str(failed.get("file_path", "")),
                    resource=str(failed.get("resource", "")),
                    lines=(int(lines[0]), int(lines[1])) if lines else None,
                    guideline=failed.get("guideline"),
                )
            )
    return findings


def run_checkov(directory: Path, framework: str, skip_checks: Sequence[str] = ()) -> list[Finding]:
    """Failed checks of one framework (`kubernetes`, `cloudformation`, ...) under `directory`."""
    if not directory.is_dir():
        raise CheckovError(f"{directory} is not a folder")
    result = subprocess.run(  # noqa: S603 - fixed argument list, no shell
        command(directory, framework, skip_checks),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    # exit 1 means "some checks failed", which the caller judges; anything else is an error
    if result.returncode not in (0, 1):
        raise CheckovError(f"checkov exited {result.returncode}: {result.stderr.strip()[-500:]}")
    if not result.stdout.strip():
        return []  # --quiet with nothing to report, or no resource of that framework
    return parse(result.stdout)
