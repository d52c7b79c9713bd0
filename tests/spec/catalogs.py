"""Catalogs of many services for the scale tests: numbered copies of the real entries."""

from __future__ import annotations

import copy
from typing import Any


def numbered(base: dict[str, Any], number: int) -> dict[str, Any]:
    """A copy of catalog entry `base` as `<name>-<number>`, with its own table name."""
    entry = copy.deepcopy(base)
    entry["name"] = f"{base['name']}-{number}"
    table = entry.get("data", {}).get("table")
    if table is not None:
        table["name"] = f"{table['name']}{number}"
    return entry


def with_copies(data: dict[str, Any], base: str, copies: int) -> dict[str, Any]:
    """The spec `data` with `copies` numbered copies of the service called `base` added."""
    data = copy.deepcopy(data)
    (entry,) = [s for s in data["services"] if s["name"] == base]
    data["services"] += [numbered(entry, n) for n in range(1, copies + 1)]
    return data
