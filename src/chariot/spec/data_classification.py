"""The data class of every store of the platform, from the service catalog.

Each service that stores data names its class (`data.classification`). A store shared by
several services (the graph, the cache) takes the highest class among them; the objects bucket,
its replica and the backup vaults may hold any service's data and take the highest of all.
Access logs and trail files carry client addresses and caller identities, so they are
`confidential`; the CDN's static content is published, so `public`. A store no service uses
holds nothing of theirs and is `internal`. Infra tags every store with `TAG_KEY`; the readiness
rule `data-stores-classified` fails a data store without the tag.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import get_args

from chariot.spec.model import Classification, PlatformSpec
from chariot.spec.platform_names import table_name

TAG_KEY = "chariot:data-classification"
LEVELS: tuple[Classification, ...] = get_args(Classification)  # lowest first

# Store keys besides `table:<physical name>`.
GRAPH, CACHE, OBJECTS, LOGS, STATIC = "graph", "cache", "objects", "logs", "static"


def highest(levels: Iterable[Classification | None]) -> Classification:
    """The most restrictive of `levels`; `internal` when none is given."""
    known = [level for level in levels if level is not None]
    return max(known, key=LEVELS.index) if known else "internal"


def store_classifications(spec: PlatformSpec) -> dict[str, Classification]:
    """Store key -> class, for every store of the platform."""
    stored = [s for s in spec.services if s.data.stores_data]
    levels: dict[str, Classification] = {
        GRAPH: highest(s.data.classification for s in stored if s.data.graph),
        CACHE: highest(s.data.classification for s in stored if s.data.cache),
        OBJECTS: highest(s.data.classification for s in stored),
        LOGS: "confidential",
        STATIC: "public",
    }
    for service in stored:
        if service.data.table is not None:
            name = table_name(service.data.table.name, spec.environment)
            levels[f"table:{name}"] = service.data.classification or "internal"
    return levels
