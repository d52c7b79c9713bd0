"""openCypher queries limited to what Amazon Neptune's openCypher supports.

The services run the same query text on FalkorDB (one machine) and on Neptune (AWS), so every
query is declared once as a `Query` and checked when it is declared: a construct Neptune does
not support fails at import time on a laptop, not in production. The rules follow Neptune's
"openCypher specification compliance" page (no shortestPath/allShortestPaths, no MANDATORY
MATCH, no dynamic SKIP/LIMIT, no LOAD CSV, no index/constraint DDL, no vendor procedures), plus
one of our own: variable-length paths need an upper bound, so a walk cannot scan the graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")

_FORBIDDEN: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(all)?shortestpaths?\s*\(", re.I), "shortestPath()/allShortestPaths()"),
    (re.compile(r"\bmandatory\s+match\b", re.I), "MANDATORY MATCH"),
    (re.compile(r"\bload\s+csv\b", re.I), "LOAD CSV"),
    (re.compile(r"\b(create|drop)\s+(index|constraint)\b", re.I), "index/constraint DDL"),
    (re.compile(r"\bcall\b", re.I), "CALL (procedures are engine-specific)"),
    (re.compile(r"\b(apoc|gds|algo|db)\.\w+", re.I), "vendor procedures and functions"),
    (re.compile(r"\b(skip|limit)\s+(?!\$\w+\b|\d+\b)", re.I), "SKIP/LIMIT with a computed value"),
)
_VAR_LENGTH = re.compile(r"\[[^\]]*\*\s*(\d*)\s*(\.\.\s*(\d*))?\s*\]")


class UnsupportedCypherError(ValueError):
    """A query uses a construct Neptune's openCypher does not accept."""


def check_neptune(text: str) -> None:
    """Raise UnsupportedCypherError naming the first construct Neptune would reject."""
    code = _STRING.sub("''", text)  # literals may say anything
    for pattern, what in _FORBIDDEN:
        if pattern.search(code):
            raise UnsupportedCypherError(f"{what} is not supported by Neptune openCypher")
    for match in _VAR_LENGTH.finditer(code):
        lower, dots, upper = match.group(1), match.group(2), match.group(3)
        if (dots and not upper) or (not dots and not lower):
            raise UnsupportedCypherError(
                f"variable-length path {match.group(0)!r} needs an upper bound, e.g. *1..5"
            )


@dataclass(frozen=True)
class Query:
    """A named, checked openCypher statement; values always travel as `$parameters`."""

    name: str
    text: str

    def __post_init__(self) -> None:
        try:
            check_neptune(self.text)
        except UnsupportedCypherError as exc:
            raise UnsupportedCypherError(f"query {self.name!r}: {exc}") from None
