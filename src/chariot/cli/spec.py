"""`chariot spec`: validate and show the platform specification."""

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
    error_line,
    fail,
    load,
    out,
    parse_day,
    print_json,
    styled,
    table,
)

app = typer.Typer(help="Validate and show the platform specification.", no_args_is_help=True)


@app.command()
def validate(
    env: Annotated[
        list[str] | None, typer.Option("--env", "-e", help="environment(s); default all")
    ] = None,
    root: RootOption = Path("."),
    on: OnOption = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Check environment files and the service catalog; one line per problem, exit 2 if any."""
    from chariot.spec.load import environment_names, load_spec
    from chariot.spec.problems import SpecError

    names = env or environment_names(root)
    if not names:
        fail([f"{root / 'environments'}: no environment files (*.yaml) found"])
    day = parse_day(on)
    problems: list[str] = []
    results = []
    for name in names:
        try:
            spec = load_spec(root, name, day)
        except SpecError as exc:
            problems += [str(p) for p in exc.problems]
            results.append({"environment": name, "valid": False, "problems": len(exc.problems)})
        else:
            results.append(
                {"environment": name, "valid": True, "services": len(spec.services), "problems": 0}
            )
    if output is OutputFormat.JSON:
        print_json({"environments": results, "problems": problems})
    else:
        rows = [
            (
                r["environment"],
                styled("valid", "green") if r["valid"] else styled("invalid", "red"),
                r.get("services", "-"),
                r["problems"],
            )
            for r in results
        ]
        out.print(table("Spec validation", ["environment", "result", "services", "problems"], rows))
    if problems:
        if output is OutputFormat.TABLE:
            for line in problems:
                err.print(error_line(line))
        raise typer.Exit(2)


@app.command()
def show(
    env: Annotated[str, typer.Option("--env", "-e", help="environment to show")],
    root: RootOption = Path("."),
    on: OnOption = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Print the resolved spec of one environment, every default filled in."""
    import yaml

    spec = load(root, env, on)
    data = spec.model_dump(mode="json")
    if output is OutputFormat.JSON:
        print_json(data)
    else:
        out.print(yaml.safe_dump(data, sort_keys=False, width=100), end="")
