"""A user's mistake in the spec, said in one line: file, field path, reason."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

Loc = tuple[str | int, ...]


def format_path(loc: Loc) -> str:
    """('network', 'subnets', 'private', 1) -> 'network.subnets.private[1]'."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "<root>"


@dataclass(frozen=True)
class Problem:
    file: Path
    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.path}: {self.reason}"


class SpecError(Exception):
    """The spec is invalid; `problems` holds one entry per mistake."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
