"""`chariot cost`: the itemised monthly cost of the synthesized templates, with savings;
`chariot cost diff A B`: what changes between two environments or two synthesized folders."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from chariot.cli.console import (
    OnOption,
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
    user_errors,
)
from chariot.cli.plan import placements_or_fail

if TYPE_CHECKING:
    from chariot.plan.cost.estimate import CostEstimate
    from chariot.plan.environment import EnvironmentPlan
    from chariot.spec.model import PlatformSpec

app = typer.Typer(help="Price the synthesized templates; `diff` compares two of them.")
OVER_BUDGET_EXIT = 3  # `cost diff --fail-over`: the change costs more than the budget


class CostFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


FormatOption = Annotated[CostFormat, typer.Option("--format", "-f", help="table, json or markdown")]


def _print_table(result: CostEstimate) -> None:
    rows: list[list[str | Text]] = [
        [c.component, c.configuration, f"${c.monthly_usd:,.2f}"] for c in result.components()
    ]
    rows.append([styled("Total", "bold"), "", styled(f"${result.total_usd:,.2f}", "bold")])
    out.print(
        table(
            f"Monthly cost: {result.environment} ({result.region})",
            ["component", "configuration", "monthly (USD)"],
            rows,
        )
    )
    savings: list[list[str | Text]] = [
        [
            s.name,
            f"${s.base_usd:,.2f}" if s.base_usd else "-",
            f"{s.rate:.0%}" if s.rate else "-",
            f"${s.monthly_usd:,.2f}",
            s.detail,
        ]
        for s in result.savings
    ]
    savings.append(
        [
            styled("Total", "bold"),
            "",
            "",
            styled(f"${result.savings_usd:,.2f}", "bold"),
            f"optimised: ${result.total_usd - result.savings_usd:,.2f}",
        ]
    )
    out.print(
        table("Optimisation potential", ["item", "base", "rate", "saving", "on what"], savings)
    )
    if result.allocation:
        out.print(
            table(
                "Shared nodes per service (by requested CPU)",
                ["pool", "owner", "millicores", "share", "monthly (USD)"],
                [
                    [
                        a.pool,
                        a.owner,
                        a.millicores,
                        f"{a.share:.0%}",
                        f"${a.monthly_usd:,.2f}",
                    ]
                    for a in result.allocation
                ],
            )
        )
    if result.unpriced:
        out.print(
            table(
                "Unpriced resources",
                ["resource", "type", "why"],
                [[u.resource, u.type, u.reason] for u in result.unpriced],
            )
        )
    if result.edge_per_1000_rps_usd is not None:
        out.print(
            f"edge: ${result.edge_per_1000_rps_usd:,.2f}/month per sustained 1,000 external rps",
            markup=False,
        )
    out.print(
        f"prices: {result.catalog} (oldest read {result.catalog_oldest_read}); "
        f"usage: {result.usage_file or 'defaults'}; templates: {result.templates}"
    )


def _plan(
    root: Path, env: str, folder: Path, usage: Path | None, on: str | None
) -> tuple[PlatformSpec, EnvironmentPlan, CostEstimate]:
    from chariot.plan.environment import load_environment_usage, plan_environment

    spec = load(root, env, on)
    placements_or_fail(spec)  # a conflict is one line per service and rule, before anything else
    today = parse_day(on) or date.today()
    with user_errors():
        values = load_environment_usage(root, env, usage)
        planned = plan_environment(spec, root, folder, values, today)
    if planned.cost is None:  # pragma: no cover - a templates folder was given
        raise typer.Exit(1)
    return spec, planned, planned.cost


@app.callback(invoke_without_command=True)
def cost(
    ctx: typer.Context,
    env: Annotated[
        str | None, typer.Option("--env", "-e", help="environment to price (required)")
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates", help="folder of *.template.json; default dist/<env>", file_okay=False
        ),
    ] = None,
    usage: Annotated[
        Path | None,
        typer.Option(
            "--usage", help="usage file; default environments/usage/<env>.yaml", dir_okay=False
        ),
    ] = None,
    root: RootOption = Path("."),
    on: OnOption = None,
    output: FormatOption = CostFormat.TABLE,
    report: Annotated[
        bool, typer.Option("--report", help="also write report.md and report.json beside them")
    ] = False,
    sync_usage_file: Annotated[
        bool,
        typer.Option(
            "--sync-usage-file",
            help="add every usage key the priced resources accept to the usage file",
        ),
    ] = False,
) -> None:
    """Price every resource of the synthesized templates; unknown types are reported, not $0."""
    if ctx.invoked_subcommand is not None:
        return
    if env is None:
        fail(["--env: which environment to price (or `chariot cost diff A B`)"])
    from chariot.report.markdown import render_markdown
    from chariot.report.model import build_report
    from chariot.report.write import write_report

    folder = templates or root / "dist" / env
    spec, planned, result = _plan(root, env, folder, usage, on)
    placements, capacity = planned.placements, planned.capacity
    today = parse_day(on) or date.today()
    if sync_usage_file:
        from chariot.plan.cost.sync import sync_usage_file as sync
        from chariot.plan.cost.templates import read_templates
        from chariot.plan.cost.usage import usage_file

        target = usage or usage_file(root, env)
        with user_errors():
            added = sync(target, read_templates(folder))
        err.print(
            f"{target}: {len(added)} usage keys added"
            + (f" ({', '.join(added)})" if added else ""),
            markup=False,
        )
    if report:
        written = write_report(spec, placements, capacity, result, folder, today=today)
        err.print(f"wrote {written[0]} and {written[1]}")
    for warning in result.warnings:
        err.print(error_line(warning, "warning"))
    if output is CostFormat.JSON:
        print_json(result.to_dict())
    elif output is CostFormat.MARKDOWN:
        data = build_report(spec, placements, capacity, result, today=today)
        lines = render_markdown(data).splitlines()
        start = lines.index("## Monthly cost")
        end = lines.index("## Checks")
        out.print("\n".join(lines[start:end]))
    else:
        _print_table(result)


def _side(root: Path, name: str, env: str | None) -> tuple[str, Path]:
    """(environment, templates folder) for a diff argument: a folder, else an environment."""
    folder = Path(name)
    if not folder.is_dir():
        return name, root / "dist" / name
    if env is not None:
        return env, folder
    stems = [f.name for f in folder.glob("*.template.json")]
    known = sorted(p.stem for p in (root / "environments").glob("*.yaml"))
    found = [e for e in known if any(f"-{e}-" in stem for stem in stems)]
    if len(found) != 1:
        fail([f"{name}: cannot tell its environment from the template names: pass --env"])
    return found[0], folder


@app.command("diff")
def diff_command(
    before: Annotated[str, typer.Argument(help="environment or synthesized folder (the base)")],
    after: Annotated[str, typer.Argument(help="environment or synthesized folder (the change)")],
    env: Annotated[
        str | None,
        typer.Option("--env", "-e", help="environment of folder arguments (else from the names)"),
    ] = None,
    root: RootOption = Path("."),
    on: OnOption = None,
    output: FormatOption = CostFormat.TABLE,
    fail_over: Annotated[
        float | None,
        typer.Option(
            "--fail-over",
            help=f"exit {OVER_BUDGET_EXIT} when the monthly increase is above this many USD",
        ),
    ] = None,
) -> None:
    """Per line and per component: the monthly delta and why (added, removed, quantity, price)."""
    from chariot.plan.cost.diff import diff, render_markdown

    estimates = []
    for name in (before, after):
        environment, folder = _side(root, name, env)
        estimates.append(_plan(root, environment, folder, None, on)[2])
    result = diff(estimates[0], estimates[1], before, after)
    if output is CostFormat.JSON:
        print_json(result.to_dict())
    elif output is CostFormat.MARKDOWN:
        out.print(render_markdown(result), markup=False)
    else:
        rows = [
            [c.component, f"${c.before_usd:,.2f}", f"${c.after_usd:,.2f}", f"{c.delta_usd:+,.2f}"]
            for c in result.components
        ]
        rows.append(
            [
                "Total",
                f"${result.before_usd:,.2f}",
                f"${result.after_usd:,.2f}",
                f"{result.delta_usd:+,.2f}",
            ]
        )
        title = f"Cost diff: {before} -> {after}"
        out.print(table(title, ["component", "before", "after", "change"], rows))
        out.print(
            table(
                "Lines",
                ["component", "resource", "line", "change", "why"],
                [
                    [
                        c.component,
                        c.resource,
                        c.description,
                        f"{c.delta_usd:+,.2f}",
                        c.reason,
                    ]
                    for c in result.lines
                ],
            )
        )
    if fail_over is not None and result.delta_usd > fail_over:
        err.print(
            f"over budget: +${result.delta_usd:,.2f}/month is more than --fail-over "
            f"${fail_over:,.2f}",
            markup=False,
        )
        raise typer.Exit(OVER_BUDGET_EXIT)
