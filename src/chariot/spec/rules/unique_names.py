"""Names that become resource names are unique: services, node pools, Fargate profiles, budgets."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.spec.problems import Loc
from chariot.spec.rules.base import Context, Violation


def _duplicates(items: Sequence[Any], where: Loc, what: str) -> Iterator[Violation]:
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.name in first:
            yield (
                (*where, index, "name"),
                f"duplicate {what} name {item.name!r} (first defined at index {first[item.name]})",
            )
        else:
            first[item.name] = index


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    yield from _duplicates(spec.services, ("services",), "service")
    yield from _duplicates(spec.cluster.node_pools, ("cluster", "node_pools"), "node pool")
    yield from _duplicates(spec.cluster.fargate_profiles, ("cluster", "fargate_profiles"), "profile")
    yield from _duplicates(spec.cost.budgets, ("cost", "budgets"), "budget")
    tables: dict[str, str] = {}
    for index, service in enumerate(spec.services):
        table = service.data.table
        if table is None:
            continue
        if table.name in tables:
            yield (
                ("services", index, "data", "table", "name"),
                f"table {table.name!r} is already owned by service {tables[table.name]!r}: "
                "each service owns its own table",
            )
        tables[table.name] = service.name
