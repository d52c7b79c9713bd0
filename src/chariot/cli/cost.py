"""`chariot cost`: the itemised monthly cost of the synthesized templates, with savings."""

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


class CostFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


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


def cost(
    env: Annotated[str, typer.Option("--env", "-e", help="environment to price")],
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
    output: Annotated[
        CostFormat, typer.Option("--format", "-f", help="table, json or markdown")
    ] = CostFormat.TABLE,
    report: Annotated[
        bool, typer.Option("--report", help="also write report.md and report.json beside them")
    ] = False,
) -> None:
    """Price every resource of the synthesized templates; unknown types are reported, not $0."""
    from chariot.plan.environment import load_environment_usage, plan_environment
    from chariot.report.markdown import render_markdown
    from chariot.report.model import build_report
    from chariot.report.write import write_report

    spec = load(root, env, on)
    placements_or_fail(spec)  # a conflict is one line per service and rule, before anything else
    folder = templates or root / "dist" / env
    today = parse_day(on) or date.today()
    with user_errors():
        values = load_environment_usage(root, env, usage)
        planned = plan_environment(spec, root, folder, values, today)
    placements, capacity, result = planned.placements, planned.capacity, planned.cost
    if result is None:  # pragma: no cover - a templates folder was given
        raise typer.Exit(1)
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
