"""What `chariot dr` reports: for each store, each failure's recovery, and its verdict.

Targets apply to the loss of a zone and of the region (the spec's `dr`); corrupted or deleted
data is reported with its figures but has no target: replication copies a bad write everywhere,
so its recovery is a restore, and no restore of a grown table is bounded by AWS.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from chariot.spec.dr_strategies import Figure


class Failure(StrEnum):
    AZ = "zone loss"
    REGION = "region loss"
    DATA = "corrupted or deleted data"


TARGETED = (Failure.AZ, Failure.REGION)


@dataclass(frozen=True)
class Recovery:
    """How one store comes back from one failure: achieved RPO and RTO and the mechanism."""

    failure: Failure
    mechanism: str
    rpo: Figure
    rto: Figure


@dataclass(frozen=True)
class Store:
    """One store found in the templates. `objects` stores are held to the objects' RPO;
    `targeted` is False for records (logs) that are kept, not restored."""

    kind: str
    name: str
    stack: str
    logical_id: str
    recoveries: tuple[Recovery, ...]
    objects: bool = False
    targeted: bool = True


@dataclass(frozen=True)
class Targets:
    rpo_minutes: float
    rto_minutes: float
    objects_rpo_minutes: float


@dataclass(frozen=True)
class Row:
    """One store and failure, judged: `met` is None where no target applies."""

    store: Store
    recovery: Recovery
    met: bool | None
    why: str

    def as_dict(self) -> dict[str, Any]:
        r = self.recovery
        return {
            "store": self.store.name,
            "kind": self.store.kind,
            "stack": self.store.stack,
            "resource": self.store.logical_id,
            "failure": str(r.failure),
            "mechanism": r.mechanism,
            "rpo_minutes": r.rpo.minutes,
            "rpo_basis": r.rpo.basis,
            "rpo_source": r.rpo.source,
            "rto_minutes": r.rto.minutes,
            "rto_basis": r.rto.basis,
            "rto_source": r.rto.source,
            "met": self.met,
            "why": self.why,
        }


@dataclass
class DrReport:
    """Every store's recoveries in one environment, against its targets."""

    environment: str
    strategy: str
    region: str
    dr_region: str
    targets: Targets
    rows: list[Row] = field(default_factory=list)

    @property
    def misses(self) -> list[Row]:
        return [row for row in self.rows if row.met is False]

    @property
    def stores(self) -> list[Store]:
        seen: dict[tuple[str, str], Store] = {}
        for row in self.rows:
            seen.setdefault((row.store.stack, row.store.logical_id), row.store)
        return list(seen.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "environment": self.environment,
            "strategy": self.strategy,
            "region": self.region,
            "dr_region": self.dr_region,
            "targets": {
                "rpo_minutes": self.targets.rpo_minutes,
                "rto_minutes": self.targets.rto_minutes,
                "objects_rpo_minutes": self.targets.objects_rpo_minutes,
            },
            "passed": not self.misses,
            "rows": [row.as_dict() for row in self.rows],
        }


def minutes(value: float | None) -> str:
    """A figure for people: '1 s', '15 min', '24 h', 'unbounded'."""
    if value is None:
        return "unbounded"
    if value == 0:
        return "0"
    if value < 1:
        return f"{round(value * 60)} s"
    if value >= 120 and value % 60 == 0:
        return f"{value / 60:g} h"
    return f"{value:g} min"
