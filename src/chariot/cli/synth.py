"""`chariot synth`: the main job — every environment's templates, manifests, checks and report."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from chariot.cli.check import finding_line, readiness_json
from chariot.cli.console import (
    FormatOption,
    ImagesOption,
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
    from chariot.spec.model import PlatformSpec

FAILED = 1


def _build(
    spec: PlatformSpec,
    root: Path,
    target: Path,
    crds_dir: Path,
    stack_outputs: Path | None,
    images: Path | None,
    on: str | None,
    failures: list[str],
) -> EnvironmentBuild | None:
    """Build one environment; a stopped synthesis or a failed check goes to `failures`."""
    from chariot.infra.synthesis import SynthesisError
    from chariot.pipeline import build_environment
    from chariot.plan.placement import PlacementError
    from chariot.verify.cfn_lint import cache_dir

    with err.status(f"{spec.environment}: starting") as status:

        def progress(step: str, env_name: str = spec.environment) -> None:
            status.update(f"{env_name}: {step}")

        try:
            with user_errors():
                build = build_environment(
                    spec,
                    root,
                    target,
                    crds_dir,
                    stack_outputs,
                    parse_day(on),
                    progress,
                    lint_cache=cache_dir(),
                    images=images,
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
            return None
        except PlacementError as exc:
            fail([f"placement conflict: {c}" for c in exc.conflicts])
    failures += [f"{build.environment}: {c.name}: {c.detail}" for c in build.checks if not c.passed]
    for finding in build.manifest_errors:
        err.print(Text("error", style="red").append(f" {finding}"))
    for readiness_finding in build.readiness.findings:
        err.print(finding_line(readiness_finding))
    return build


def _print_summaries(summaries: list[dict[str, Any]]) -> None:
    rows = [
        (
            s["environment"],
            len(s["stacks"]),
            sum(stack["resources"] for stack in s["stacks"]),
            s["manifests"],
            Text("passed" if s["passed"] else "failed", style="" if s["passed"] else "red").append(
                " (unchanged)" if s.get("unchanged") else ""
            ),
            "-" if s["monthly_usd"] is None else f"${s['monthly_usd']:,.0f}",
            s["outdir"],
        )
        for s in summaries
    ]
    out.print(
        table(
            "Synthesized",
            ["env", "stacks", "resources", "k8s objects", "checks", "est. $/month", "outputs"],
            rows,
        )
    )
    for s in summaries:
        out.print(f"{s['environment']}: outputs in {s['outdir']}/ (report: {s['report']})")


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
        "manifest_errors": [str(f) for f in build.manifest_errors],
        "cfn_lint_errors": build.lint_errors,
        "readiness": readiness_json(build.readiness),
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
    images: ImagesOption = None,
    crds: CrdsOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="build even when no input changed since the last one")
    ] = False,
    root: RootOption = Path("."),
    on: OnOption = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Build each environment into DIST/<env>/: CloudFormation (cdk-nag, cfn-lint), Kubernetes
    manifests (validated), and report.md/report.json (placement, capacity, cost, checks).

    An environment whose inputs have not changed since its last passed build is not built again
    (chariot.build_cache says what counts as an input); --force builds it anyway."""
    from chariot import build_cache
    from chariot.k8s.validate.settings import resolve_crds_dir
    from chariot.spec.load import environment_names

    names = environment_names(root) if all_envs or not env else env
    specs = [load(root, name, on) for name in names]
    try:
        crds_dir = resolve_crds_dir(crds)
    except FileNotFoundError as exc:
        fail([f"--crds: {exc}"])
    day = parse_day(on) or date.today()
    summaries: list[dict[str, object]] = []
    failures: list[str] = []
    for spec in specs:
        target = out_dir / spec.environment
        key = build_cache.fingerprint(root, spec.environment, day, crds_dir, stack_outputs, images)
        recorded = None if force else build_cache.unchanged(target, key)
        if recorded is not None:
            err.print(
                f"{spec.environment}: unchanged since the last passed build, outputs kept "
                "(--force builds again)"
            )
            summaries.append({**recorded, "unchanged": True})
            continue
        build_cache.forget(target)
        build = _build(spec, root, target, crds_dir, stack_outputs, images, on, failures)
        if build is None:
            continue
        summary = _summary(build)
        summaries.append(summary)
        if build.passed:
            build_cache.record(target, key, summary)
    if output is OutputFormat.JSON:
        print_json({"environments": summaries, "failures": failures})
    else:
        _print_summaries(summaries)
    if failures:
        for line in failures:
            err.print(Text("error", style="red").append(f": {line}"))
        raise typer.Exit(FAILED)
