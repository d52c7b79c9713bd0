"""One validation result: which file and object, which field, which rule, and why."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    file: str
    object: str
    path: str
    rule: str
    reason: str
    line: int | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.object}: {self.path}: [{self.rule}] {self.reason}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def format_path(parts: tuple[str | int, ...] | list[str | int]) -> str:
    """('spec', 'containers', 0, 'image') -> 'spec.containers[0].image'."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "<root>"
