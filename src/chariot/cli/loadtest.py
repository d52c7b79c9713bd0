"""`chariot loadtest`: k6 at a constant arrival rate against one service, judged by the spec."""

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
    StateDirOption,
    err,
    error_line,
    fail,
    load,
    note,
    out,
    print_json,
    state_folder,
    styled,
    table,
)


def loadtest(
    *,
    service: Annotated[
        str,
        typer.Option(
            "--service", "-s", help="service to load, e.g. assets; a wrong name lists the choices"
        ),
    ],
    rps: Annotated[int, typer.Option(min=1, max=20000, help="offered requests per second")] = 1000,
    duration: Annotated[str, typer.Option(help="how long to offer load, e.g. 60s or 2m")] = "60s",
    base_url: Annotated[
        str | None,
        typer.Option(help="service URL; default: the local platform started by `chariot dev up`"),
    ] = None,
    assets_url: Annotated[
        str | None, typer.Option(help="assets service URL (vulnerabilities setup creates assets)")
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(envvar="CHARIOT_TOKEN", help="bearer token; default: the local dev token"),
    ] = None,
    keys: Annotated[int, typer.Option(min=1, max=5000, help="distinct keys (Zipf-drawn)")] = 200,
    max_vus: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=5000,
            help="k6 virtual users (one connection each); default stays under the server's "
            "per-worker connection cap (240); raise it to drive a worker into load shedding",
        ),
    ] = None,
    env: Annotated[
        str, typer.Option("--env", "-e", help="spec holding the latency targets")
    ] = "dev",
    root: RootOption = Path("."),
    state_dir: StateDirOption = None,
    on: OnOption = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Offer RPS for DURATION; print p50/p90/p99, achieved RPS, error rate and cache hit ratio.

    Exit code 1 when a threshold (the spec's latency targets, errors < 0.1%) is crossed.
    """
    from chariot.runtime.dev.processes import PrerequisiteError
    from chariot.runtime.loadtest.run import UnreachableError, parse_duration, run
    from chariot.runtime.services.registry import SERVICES

    if service not in SERVICES:
        fail([f"--service: {service!r} is not one of {', '.join(SERVICES)}"])
    try:
        seconds = parse_duration(duration)
    except ValueError as exc:
        fail([f"--duration: {exc}"])
    spec = load(root, env, on)
    folder = state_folder(root, state_dir)
    base_url, token, assets_url = _target(service, base_url, token, assets_url, folder)
    err.print(note(f"k6: {rps} req/s for {seconds}s against {base_url} ({keys} keys)"))
    try:
        result = run(
            service=service,
            base_url=base_url,
            token=token,
            rps=rps,
            duration_s=seconds,
            targets=spec.performance.latency,
            keys=keys,
            assets_url=assets_url,
            max_vus=max_vus,
        )
    except (PrerequisiteError, UnreachableError) as exc:
        fail([str(exc)])
    except RuntimeError as exc:
        err.print(error_line(str(exc)))
        raise typer.Exit(1) from None
    if output is OutputFormat.JSON:
        print_json(result.as_dict())
    else:
        targets = spec.performance.latency
        hit = "-" if result.cache_hit_ratio is None else f"{result.cache_hit_ratio:.1%}"
        rows = [
            ("p50", f"{result.p50_ms} ms", f"< {targets.p50_ms} ms"),
            ("p90", f"{result.p90_ms} ms", f"< {targets.p90_ms} ms"),
            ("p99", f"{result.p99_ms} ms", f"< {targets.p99_ms} ms"),
            ("achieved RPS", f"{result.achieved_rps}", f"{rps} offered"),
            ("error rate", f"{result.error_rate:.3%}", "< 0.1%"),
            ("cache hit ratio", hit, "seed: 90%"),
            ("dropped iterations", str(result.dropped_iterations), "0"),
        ]
        if result.shed_rate:
            admitted = f"{result.admitted_p99_ms} ms"
            rows.append(("shed (503 overloaded)", f"{result.shed_rate:.1%}", "0% below capacity"))
            rows.append(("p99 of admitted", admitted, f"< {targets.p99_ms} ms"))
        verdict = styled("passed", "green") if result.thresholds_passed else styled("failed", "red")
        title = Text(f"Load test: {service} (").append(verdict).append(")")
        out.print(table(title, ["measure", "value", "target"], rows))
    if not result.thresholds_passed:
        raise typer.Exit(1)


def _target(
    service: str, base_url: str | None, token: str | None, assets_url: str | None, folder: Path
) -> tuple[str, str, str | None]:
    """Fill in URL and token from the local platform's state file where not given."""
    from chariot.runtime.dev.platform import State

    state = State.load(folder)
    if state is None:
        if base_url is None:
            fail(
                [
                    f"no --base-url and no local platform running (no {folder / 'state.json'}): "
                    "start `chariot dev up` or pass --base-url"
                ]
            )
        if token is None:
            fail(["--token (or CHARIOT_TOKEN) is needed with a remote --base-url"])
        return base_url, token, assets_url
    local = base_url is None
    base_url = base_url or state.urls[service]
    if local and assets_url is None:
        assets_url = state.urls["assets"]
    return base_url, token or state.token, assets_url
