"""`chariot synth`: the main job — every environment's templates, manifests, checks and report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from chariot.cli.console import (
    FormatOption,
    OnOption,
    OutputFormat,
    RootOption,
    err,
    fail,
    load,
    out,
    parse_day,
    print_json,
    table,
    user_errors,
)
from chariot.cli.manifests import CrdsOption

if TYPE_CHECKING:
    from chariot.pipeline import EnvironmentBuild

FAILED = 1


def _summary(build: EnvironmentBuild) -> dict[str, object]:
    return {
        "environment": build.environment,
        "outdir": str(build.outdir),
        "passed": build.passed,
        "stacks": [
            {"stack": s.name, "template": str(s.template), "resources": s.resources,
             "bytes": s.size_bytes}
            for s in build.stacks
        ],
        "manifests": len(build.manifests),
        "manifest_errors": [str(f) for f in build.manifest_report.errors],
        "cfn_lint_errors": build.lint_errors,
        "monthly_usd": build.monthly_usd,
        "report": str(build.report) if build.report else None,
        "checks": [
            {"name": c.name, "passed": c.passed, "detail": c.detail} for c in build.checks
        ],
    }  # fmt: skip


def synth(
    env: Annotated[
        list[str] | None, typer.Option("--env", "-e", help="environment(s) to build")
    ] = None,
    all_envs: Annotated[
        bool, typer.Option("--all", help="every environment (the default)")
    ] = False,
    out_dir: Annotated[Path, typer.Option("--out", help="output folder")] = Path("dist"),
    stack_outputs: Annotated[
        Path | None,
        typer.Option(
            "--stack-outputs",
            help=(
                "`cdk deploy --outputs-file` JSON: the Cognito issuer, data-tier endpoints "
                "and security group ids for the manifests"
            ),
            dir_okay=False,
        ),
    ] = None,
    crds: CrdsOption = None,
    root: RootOption = Path("."),
    on: OnOption = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Build each environment into DIST/<env>/: CloudFormation (cdk-nag, cfn-lint), Kubernetes
    manifests (validated), and report.md/report.json (placement, capacity, cost, checks)."""
    from chariot.infra.synthesis import SynthesisError
    from chariot.k8s.validate.settings import resolve_crds_dir
    from chariot.pipeline import build_environment
    from chariot.plan.placement import PlacementError
    from chariot.spec.load import environment_names

    names = environment_names(root) if all_envs or not env else env
    specs = [load(root, name, on) for name in names]
    try:
        crds_dir = resolve_crds_dir(root, crds)
    except FileNotFoundError as exc:
        fail([f"--crds: {exc}"])
    builds: list[EnvironmentBuild] = []
    failures: list[str] = []
    for spec in specs:
        target = out_dir / spec.environment
        with err.status(f"{spec.environment}: starting") as status:

            def progress(step: str, env_name: str = spec.environment) -> None:
                status.update(f"{env_name}: {step}")

            try:
                with user_errors():
                    build = build_environment(
                        spec, root, target, crds_dir, stack_outputs, parse_day(on), progress
                    )
            except SynthesisError as exc:
                failures.append(f"{spec.environment}: {exc.reason}")
                if exc.findings:
                    err.print(
                        table(
                            f"{spec.environment}: unacknowledged findings",
                            ["rule", "construct", "why"],
                            [(f.rule, f.path, f.description) for f in exc.findings],
                        )
                    )
                continue
            except PlacementError as exc:
                fail([f"placement conflict: {c}" for c in exc.conflicts])
        builds.append(build)
        failures += [
            f"{build.environment}: {c.name}: {c.detail}" for c in build.checks if not c.passed
        ]
        for finding in build.manifest_report.errors:
            err.print(f"[red]error[/red] {finding}")
    if output is OutputFormat.JSON:
        print_json({"environments": [_summary(b) for b in builds], "failures": failures})
    else:
        rows = [
            (
                b.environment,
                len(b.stacks),
                sum(s.resources for s in b.stacks),
                len(b.manifests),
                "passed" if b.passed else "[red]failed[/red]",
                "-" if b.monthly_usd is None else f"${b.monthly_usd:,.0f}",
                b.outdir,
            )
            for b in builds
        ]
        out.print(
            table(
                "Synthesized",
                ["env", "stacks", "resources", "k8s objects", "checks", "est. $/month", "outputs"],
                rows,
            )
        )
        for b in builds:
            out.print(f"{b.environment}: outputs in {b.outdir}/ (report: {b.report})")
    if failures:
        for line in failures:
            err.print(f"[red]error[/red]: {line}")
        raise typer.Exit(FAILED)
