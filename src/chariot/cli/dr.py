"""`chariot dr`: per store and per failure, the recovery the synthesized templates achieve,
against the spec's DR targets. Exit 1 names each store that misses and why."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from chariot.cli.console import (
    FormatOption,
    OnOption,
    OutputFormat,
    RootOption,
    err,
    fail,
    load,
    out,
    print_json,
    table,
)

FAILED = 1
VERDICT = {True: "met", False: "MISSED", None: "-"}


def dr(
    env: Annotated[str, typer.Option("--env", "-e", help="the environment to judge")],
    out_dir: Annotated[
        Path, typer.Option("--out", help="output folder that `chariot synth` wrote")
    ] = Path("dist"),
    root: RootOption = Path("."),
    on: OnOption = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Judge OUT/<env>'s disaster recovery: for each store (tables, graph, cache, buckets) and
    each failure (zone, region, corrupted data), the achieved RPO and RTO, the mechanism and
    its source, against dr.rto_minutes / rpo_minutes (docs/disaster-recovery.md). Writes the
    runbook of those stores to OUT/<env>/runbook.md."""
    # imported here so that `chariot --help` stays light
    from chariot.report.runbook import write_runbook
    from chariot.verify.dr.assess import assess
    from chariot.verify.dr.model import minutes
    from chariot.verify.dr.runbook import build_runbook
    from chariot.verify.readiness.runner import ReadinessInputError, load_platform

    spec = load(root, env, on)
    try:
        platform = load_platform(spec, out_dir / spec.environment)
    except ReadinessInputError as exc:
        fail([str(exc)])
    report = assess(platform)
    runbook = write_runbook(build_runbook(platform, report), out_dir / spec.environment)
    if output is OutputFormat.JSON:
        print_json(report.as_dict())
    else:
        t = report.targets
        out.print(
            table(
                f"{spec.environment}: {report.strategy}, {report.region} -> {report.dr_region}; "
                f"targets RPO {minutes(t.rpo_minutes)} (objects {minutes(t.objects_rpo_minutes)})"
                f", RTO {minutes(t.rto_minutes)}",
                ["store", "failure", "mechanism", "RPO", "RTO", "verdict"],
                [
                    (
                        f"{r.store.kind} {r.store.name}",
                        str(r.recovery.failure),
                        r.recovery.mechanism,
                        minutes(r.recovery.rpo.minutes),
                        minutes(r.recovery.rto.minutes),
                        VERDICT[r.met],
                    )
                    for r in report.rows
                ],
            )
        )
        sources = sorted(
            {s for r in report.rows for s in (r.recovery.rpo.source, r.recovery.rto.source) if s}
        )
        for source in sources:
            out.print(Text(f"source: {source}"))
        out.print(Text(f"runbook: {runbook}"))
    for row in report.misses:
        err.print(
            Text("error", style="red").append(
                f": {row.store.kind} {row.store.name} ({row.store.stack}): "
                f"{row.recovery.failure}: {row.why}"
            )
        )
    if report.misses:
        raise typer.Exit(FAILED)
