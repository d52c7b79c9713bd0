"""Shared output helpers: tables for people, JSON for machines, one-line errors for mistakes.

Imported by every command module, so it stays as light as they are: the spec loader (pydantic)
is imported inside `load` and `user_errors`, when a command runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from chariot.spec.model import PlatformSpec


# Markup is off: file names, field values and patterns such as `[a-z]` or `[/x]` are printed
# as they are. Colour comes only from `Text` objects (`styled`, `error_line`).
class _Console(Console):
    """A console that goes quiet when its reader is gone (a closed pipe or terminal) instead
    of Rich's default `SystemExit(1)`, which would cut short whatever runs, such as `dev up`
    stopping its servers after the terminal closed."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        devnull = os.open(os.devnull, os.O_WRONLY)
        with contextlib.suppress(OSError, ValueError):
            os.dup2(devnull, self.file.fileno())
        os.close(devnull)


out = _Console(highlight=False, soft_wrap=True, markup=False)
err = _Console(stderr=True, highlight=False, soft_wrap=True, markup=False)

USER_ERROR = 2


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="table for people, json for machines")
]
RootOption = Annotated[
    Path,
    typer.Option(
        "--root",
        help="project folder holding environments/ and services/",
        envvar="CHARIOT_ROOT",
        file_okay=False,
    ),
]
StateDirOption = Annotated[
    Path | None,
    typer.Option("--state-dir", help="logs, keys and state file; default ROOT/.chariot/dev"),
]
OnOption = Annotated[
    str | None,
    typer.Option("--on", help="check support windows as of this day (YYYY-MM-DD); default today"),
]
ImagesOption = Annotated[
    Path | None,
    typer.Option(
        "--images",
        help=(
            'JSON {"registry/repository:tag": "sha256:..."}: pin those images by digest '
            "(default: by their immutable tag)"
        ),
        dir_okay=False,
    ),
]


def state_folder(root: Path, state_dir: Path | None) -> Path:
    """Where `chariot dev` keeps the local platform's state, so other commands can find it."""
    return state_dir if state_dir is not None else root / ".chariot" / "dev"


def styled(text: str, style: str) -> Text:
    """`text` in a colour; the text itself is never read as markup."""
    return Text(text, style=style)


def error_line(line: str, level: str = "error") -> Text:
    """`error: <line>` (or `warning: ...`) with only the level coloured."""
    return Text(level, style="red" if level == "error" else "yellow").append(f": {line}")


def note(line: str) -> Text:
    """A dim progress line on stderr."""
    return Text(f"… {line}", style="dim")


def fail(lines: Sequence[str]) -> NoReturn:
    """Print each problem on its own line to stderr and exit with the user-error code."""
    for line in lines:
        err.print(error_line(line))
    raise typer.Exit(USER_ERROR)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a SpecError (or a YAML file refused by the bounded loader, such as a CRD file of
    --crds) into one line per problem and exit code 2, never a traceback."""
    from chariot.spec.problems import SpecError
    from chariot.spec.yaml_loader import YamlError

    try:
        yield
    except SpecError as exc:
        fail([str(p) for p in exc.problems])
    except YamlError as exc:
        fail([str(exc)])


def parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail([f"--on: {value!r} is not a date (YYYY-MM-DD)"])


def load(root: Path, environment: str, on: str | None = None) -> PlatformSpec:
    from chariot.spec.load import load_spec

    with user_errors():
        return load_spec(root, environment, parse_day(on))


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=False, default=str) + "\n")


def table(title: str | Text, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Table:
    """A table whose cells are plain text (never markup) or styled `Text`."""
    view = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        view.add_column(column)
    for row in rows:
        view.add_row(*(cell if isinstance(cell, Text) else Text(str(cell)) for cell in row))
    return view
