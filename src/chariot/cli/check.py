"""`chariot check`: every check of an environment's written outputs, without synthesizing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from chariot.cli.console import (
    FormatOption,
    OnOption,
    OutputFormat,
    RootOption,
    fail,
    load,
    out,
    print_json,
    table,
    user_errors,
)
from chariot.cli.manifests import CrdsOption

if TYPE_CHECKING:
    from chariot.verify.readiness.runner import Finding
    from chariot.verify.readiness.runner import Report as ReadinessReport

FAILED = 1
LEVEL_STYLE = {"error": "red", "warning": "yellow"}


def finding_line(finding: Finding) -> Text:
    """`error file: subject: [rule] reason`, never read as Rich markup."""
    line = Text(finding.severity, style=LEVEL_STYLE.get(finding.severity, ""))
    return line.append(f" {finding}")


def readiness_json(report: ReadinessReport) -> dict[str, Any]:
    return {
        "rules": report.rules,
        "findings": [f.as_dict() for f in report.findings],
        "acknowledged": [f.as_dict() for f in report.acknowledged],
        "not_applicable": [f.as_dict() for f in report.not_applicable],
    }


def check(
    env: Annotated[str, typer.Option("--env", "-e", help="the environment to check")],
    out_dir: Annotated[
        Path, typer.Option("--out", help="output folder that `chariot synth` wrote")
    ] = Path("dist"),
    cfn_lint: Annotated[
        bool, typer.Option("--cfn-lint/--no-cfn-lint", help="run cfn-lint too (the slow part)")
    ] = True,
    crds: CrdsOption = None,
    root: RootOption = Path("."),
    on: OnOption = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Check OUT/<env> as written by `chariot synth`: cfn-lint, manifest validation and the
    readiness rules (docs/readiness.md). Exit 1 on any unacknowledged error."""
    # imported here so that `chariot --help` does not load the validators
    from chariot.checks import check_outputs
    from chariot.k8s.validate.settings import resolve_crds_dir
    from chariot.verify.cfn_lint import cache_dir
    from chariot.verify.readiness.runner import ReadinessInputError

    spec = load(root, env, on)
    try:
        crds_dir = resolve_crds_dir(crds)
    except FileNotFoundError as exc:
        fail([f"--crds: {exc}"])
    try:
        with user_errors():
            result = check_outputs(
                spec,
                out_dir / spec.environment,
                crds_dir,
                cfn_lint=cfn_lint,
                lint_cache=cache_dir(),
            )
    except ReadinessInputError as exc:
        fail([str(exc)])
    readiness = result.readiness
    if output is OutputFormat.JSON:
        print_json(
            {
                "environment": spec.environment,
                "outdir": str(out_dir / spec.environment),
                "passed": result.passed,
                "checks": [
                    {"name": c.name, "passed": c.passed, "detail": c.detail} for c in result.checks
                ],
                "readiness": readiness_json(readiness),
                "manifest_errors": [str(f) for f in result.manifest_errors],
                "cfn_lint_errors": result.lint_errors,
            }
        )
    else:
        for line in result.lint_errors:
            out.print(Text("error", style="red").append(f" {line}"))
        for finding in result.manifest_errors:
            out.print(Text("error", style="red").append(f" {finding}"))
        for readiness_finding in readiness.findings:
            out.print(finding_line(readiness_finding))
        out.print(
            table(
                f"{spec.environment}: checks of {out_dir / spec.environment}",
                ["check", "result", "detail"],
                [
                    (c.name, "passed" if c.passed else "FAILED", c.detail.split("; ")[0])
                    for c in result.checks
                ],
            )
        )
    if not result.passed:
        raise typer.Exit(FAILED)
