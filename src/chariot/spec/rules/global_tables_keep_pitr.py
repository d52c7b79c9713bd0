"""Tables replicated to the DR region keep point-in-time recovery. A global table copies every
write, a bad one included, to every replica within a second, so replication protects against
losing a region but not against corrupted or deleted data: only PITR restores a table to the
second before the bad write (chariot.spec.dr_strategies)."""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.dr_strategies import strategy
from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    if not strategy(spec).replicates_data:
        return
    for index, service in enumerate(spec.services):
        table = service.data.table
        if table is not None and not table.point_in_time_recovery:
            yield (
                ("services", index, "data", "table", "point_in_time_recovery"),
                f"{service.name}'s table is a global table under dr.strategy "
                f"{spec.dr.strategy}: replication copies a bad write to the DR replica within "
                "a second, so only point-in-time recovery can undo it; keep it on",
            )
