"""Every service that stores data names its class (`data.classification`): it tags the stores
that hold the data (chariot.spec.data_classification), and an unclassified store is one nobody
can tell the handling rules of."""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    for index, service in enumerate(spec.services):
        if service.data.stores_data and service.data.classification is None:
            yield (
                ("services", index, "data", "classification"),
                f"{service.name} stores data (table, graph or cache) but names no class: set "
                "public, internal, confidential or restricted",
            )
