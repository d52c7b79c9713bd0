"""A user's mistake in the spec, said in one line: file, field path, reason."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]+$")

Loc = tuple[str | int, ...]


def format_path(loc: Loc) -> str:
    """('network', 'subnets', 'private', 1) -> 'network.subnets.private[1]'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not _PLAIN_KEY.match(part):
            text += f"[{part!r}]"
        else:
            text += f".{part}" if text else part
    return text or "<root>"


@dataclass(frozen=True)
class Problem:
    file: Path
    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        reason = " ".join(self.reason.split("\n"))
        return f"{where}: {self.path}: {reason}"


class SpecError(Exception):
    """The spec is invalid; `problems` holds one entry per mistake."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
