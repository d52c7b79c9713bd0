"""The DR strategy achieves the spec's RTO and RPO for the loss of the region, and the objects'
RPO is one S3 can keep. A target nothing delivers is a promise the platform breaks on the day
it matters; the message gives the figures the strategy does achieve
(chariot.spec.dr_strategies has them, with their sources)."""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.dr_strategies import OBJECTS_RPO, S3_RTC, Figure, strategies
from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation


def _minutes(figure: Figure) -> str:
    return "unbounded" if figure.minutes is None else f"{figure.minutes:g} min"


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    dr = spec.dr
    options = strategies(spec)
    chosen = options[dr.strategy]
    rpo, rto = chosen.rpo.minutes, chosen.rto.minutes
    if rpo is None or rto is None or rpo > dr.rpo_minutes or rto > dr.rto_minutes:
        meeting = [
            s.name
            for s in options.values()
            if s.rpo.minutes is not None
            and s.rto.minutes is not None
            and s.rpo.minutes <= dr.rpo_minutes
            and s.rto.minutes <= dr.rto_minutes
        ]
        yield (
            ("dr", "strategy"),
            f"{dr.strategy} achieves RPO {_minutes(chosen.rpo)} and RTO {_minutes(chosen.rto)} "
            f"for a region loss ({chosen.rpo.basis}; {chosen.rto.basis}), not the targets RPO "
            f"{dr.rpo_minutes} min / RTO {dr.rto_minutes} min: "
            + (f"choose {' or '.join(meeting)}" if meeting else "no strategy meets them")
            + " or relax dr.rpo_minutes / dr.rto_minutes",
        )
    if dr.objects_rpo < OBJECTS_RPO:
        field = "objects_rpo_minutes" if dr.objects_rpo_minutes else "rpo_minutes"
        yield (
            ("dr", field),
            f"S3 objects replicate with a {OBJECTS_RPO:g}-minute RPO at best (Replication Time "
            f"Control, 99.99 % within 15 minutes: {S3_RTC}), not {dr.objects_rpo} min: set "
            f"dr.objects_rpo_minutes: {OBJECTS_RPO:g}",
        )
