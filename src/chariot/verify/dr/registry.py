"""The explicit list of store kinds `chariot dr` reads from the templates, in report order."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from chariot.verify.dr.model import Store
from chariot.verify.dr.stores import (
    dynamodb_global_table,
    dynamodb_table,
    edge,
    elasticache,
    neptune,
    s3,
)
from chariot.verify.readiness.base import Platform

StoreKind = Callable[[Platform], Iterator[Store]]

STORES: dict[str, StoreKind] = {
    "dynamodb-table": dynamodb_table.stores,
    "dynamodb-global-table": dynamodb_global_table.stores,
    "neptune": neptune.stores,
    "elasticache": elasticache.stores,
    "s3": s3.stores,
    "edge": edge.stores,
}
