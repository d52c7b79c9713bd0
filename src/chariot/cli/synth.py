"""`chariot synth`: the main job — every environment's CloudFormation under `dist/<env>/`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chariot.cli.console import (
    FormatOption,
    OnOption,
    OutputFormat,
    RootOption,
    err,
    load,
    out,
    print_json,
    table,
    user_errors,
)
from chariot.infra.synthesis import StackOutput, SynthesisError, synthesize
from chariot.spec.load import environment_names


def synth(
    env: Annotated[
        list[str] | None, typer.Option("--env", "-e", help="environment(s) to build")
    ] = None,
    all_envs: Annotated[
        bool, typer.Option("--all", help="every environment (the default)")
    ] = False,
    out_dir: Annotated[Path, typer.Option("--out", help="output folder")] = Path("dist"),
    root: RootOption = Path("."),
    on: OnOption = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Synthesize CloudFormation for each environment into DIST/<env>/ (cdk-nag runs too)."""
    names = environment_names(root) if all_envs or not env else env
    specs = [load(root, name, on) for name in names]
    results: dict[str, list[StackOutput]] = {}
    failures: list[str] = []
    for spec in specs:
        target = out_dir / spec.environment
        # Stacks may still refuse a spec they cannot build (e.g. a CloudFront WAF off us-east-1).
        with (
            user_errors(),
            err.status(f"synthesizing {spec.environment} -> {target}/ (cdk-nag included)"),
        ):
            try:
                results[spec.environment] = synthesize(spec, target, root)
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
    if output is OutputFormat.JSON:
        print_json(
            {
                env_name: [
                    {
                        "stack": s.name,
                        "template": str(s.template),
                        "resources": s.resources,
                        "bytes": s.size_bytes,
                    }
                    for s in stacks
                ]
                for env_name, stacks in results.items()
            }
        )
    else:
        rows = [
            (env_name, s.name, s.resources, f"{s.size_bytes / 1024:.0f} KiB")
            for env_name, stacks in results.items()
            for s in stacks
        ]
        out.print(table("Synthesized", ["env", "stack", "resources", "size"], rows))
        for env_name in results:
            out.print(f"{env_name}: outputs in {out_dir / env_name}/")
    if failures:
        for line in failures:
            err.print(f"[red]error[/red]: {line}")
        raise typer.Exit(1)
