"""`chariot dev`: the one-machine platform (up, down, token)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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

if TYPE_CHECKING:
    from chariot.runtime.dev.platform import Platform, State

app = typer.Typer(
    help="Run the whole platform on 127.0.0.1 with no cloud account.", no_args_is_help=True
)


def _print_state(state: State, folder: Path, output: OutputFormat) -> None:
    if output is OutputFormat.JSON:
        print_json(
            {
                "environment": state.environment,
                "urls": state.urls,
                "token": state.token,
                "state_file": str(folder / "state.json"),
            }
        )
        return
    rows = [(name, url) for name, url in state.urls.items()]
    out.print(table(f"Local platform ({state.environment} spec)", ["component", "url"], rows))
    out.print(f"\nDevelopment token (admin, account 'acme', 12 h):\n{state.token}\n")
    users = state.urls.get("users", "")
    out.print(f'Try: curl -H "Authorization: Bearer $TOKEN" {users}/v1/accounts/acme')
    out.print(f"State and logs: {folder}")


INTERRUPTED = 130  # the shell's code for "stopped by a signal"


@app.command()
def up(
    *,
    env: Annotated[str, typer.Option("--env", "-e", help="spec whose tables to create")] = "dev",
    root: RootOption = Path("."),
    state_dir: StateDirOption = None,
    seed: Annotated[bool, typer.Option(help="load a small connected sample")] = True,
    detach: Annotated[
        bool, typer.Option(help="leave it running and return (stop with `chariot dev down`)")
    ] = False,
    restart: Annotated[
        bool,
        typer.Option(
            help="start a server that exits again, with backoff (1 s, 2 s, ... 30 s); "
            "--no-restart leaves it stopped, to try a failure mode by hand"
        ),
    ] = True,
    workers: Annotated[int, typer.Option(min=1, max=8, help="granian workers per service")] = 1,
    on: OnOption = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Start Redis, FalkorDB, a DynamoDB endpoint and the three services; Ctrl-C stops them.

    Data is in memory only: a restarted DynamoDB endpoint gets its tables and the sample again.
    """
    from chariot.runtime.dev import processes
    from chariot.runtime.dev.platform import Platform

    spec = load(root, env, on)
    folder = state_folder(root, state_dir)
    # From here on SIGINT/SIGTERM stop everything started, in start-up and seeding too.
    with processes.INTERRUPTS.trapped():
        _run(
            Platform(spec, folder, progress=lambda m: err.print(note(m)), workers=workers),
            seed=seed,
            detach=detach,
            restart=restart,
            output=output,
        )


def _run(
    platform: Platform, *, seed: bool, detach: bool, restart: bool, output: OutputFormat
) -> None:
    """Start, print, then (unless detached) supervise until SIGINT/SIGTERM stops everything."""
    from chariot.runtime.dev.processes import PrerequisiteError
    from chariot.runtime.dev.supervisor import Supervisor

    folder = platform.folder
    try:
        state = platform.up(seed=seed)
    except PrerequisiteError as exc:
        fail([str(exc)])
    except RuntimeError as exc:
        err.print(error_line(str(exc)))
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print(Text("interrupted while starting; everything started was stopped"))
        raise typer.Exit(INTERRUPTED) from None
    try:
        _print_state(state, folder, output)
        if detach:
            return
        err.print(styled("running; Ctrl-C stops every process started", "dim"))
        names = [str(p["name"]) for p in state.processes]
        supervisor = Supervisor(platform, names, report=lambda m: err.print(note(m)))
        reported: set[str] = set()
        while True:
            if restart:
                supervisor.tick()
            else:
                for name in set(platform.exited()) - reported:
                    reported.add(name)
                    err.print(
                        error_line(
                            f"{name} exited (log: {folder / 'logs'}); not restarted "
                            "(--no-restart): without the cache reads fail open, without the "
                            "table writes answer 503. Ctrl-C stops everything.",
                            "warning",
                        )
                    )
            time.sleep(0.5)
    except KeyboardInterrupt:
        stopped = platform.stop()
        err.print(Text(f"stopped {len(stopped)} processes"))


@app.command()
def down(
    root: RootOption = Path("."),
    state_dir: StateDirOption = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Stop whatever a (crashed or detached) `chariot dev up` left running."""
    from chariot.runtime.dev.platform import stop_all

    folder = state_folder(root, state_dir)
    stopped = stop_all(folder)
    if output is OutputFormat.JSON:
        print_json({"stopped": stopped})
    elif stopped:
        out.print(f"stopped: {', '.join(stopped)}")
    else:
        out.print(f"nothing to stop (no running platform recorded in {folder})")


@app.command()
def token(
    *,
    root: RootOption = Path("."),
    state_dir: StateDirOption = None,
    account: Annotated[str | None, typer.Option(help="account the token may act on")] = "acme",
    scope: Annotated[
        str,
        typer.Option(
            help="read, write (also reads) or admin (everything, on any account)",
            show_default=True,
        ),
    ] = "write",
    subject: Annotated[str, typer.Option(help="the token's subject")] = "dev-user",
    ttl: Annotated[int, typer.Option(min=60, help="lifetime in seconds")] = 3600,
) -> None:
    """Mint another development token signed by the running platform's key."""
    from chariot.runtime.dev.tokens import DevKeys
    from chariot.spec.scopes import scope_of

    try:
        granted = scope_of(scope)
    except ValueError as exc:
        fail([f"--scope: {exc}"])
    folder = state_folder(root, state_dir)
    try:
        keys = DevKeys.load(folder / "keys")
    except (OSError, ValueError):
        fail([f"{folder / 'keys'}: no development key (start the platform: chariot dev up)"])
    out.print(keys.mint(subject=subject, account_id=account, scopes=(granted,), ttl_seconds=ttl))
