"""Judge every store's recoveries against the spec's targets (chariot.verify.dr.model)."""

from __future__ import annotations

from chariot.spec.dr_strategies import Figure
from chariot.verify.dr.model import TARGETED, DrReport, Recovery, Row, Store, Targets, minutes
from chariot.verify.dr.registry import STORES
from chariot.verify.readiness.base import Platform


def _over(label: str, figure: Figure, target: float) -> str | None:
    if figure.minutes is None:
        return f"{label} unbounded ({figure.basis})"
    if figure.minutes > target:
        return f"{label} {minutes(figure.minutes)} > {minutes(target)} ({figure.basis})"
    return None


def judge(store: Store, recovery: Recovery, targets: Targets) -> Row:
    if not store.targeted:
        return Row(store, recovery, None, "records, not data to restore: no target")
    if recovery.failure not in TARGETED:
        return Row(store, recovery, None, "no target: the DR targets cover zone and region loss")
    rpo = targets.objects_rpo_minutes if store.objects else targets.rpo_minutes
    reasons = [
        r
        for r in (
            _over("RPO", recovery.rpo, rpo),
            _over("RTO", recovery.rto, targets.rto_minutes),
        )
        if r
    ]
    return Row(store, recovery, not reasons, "; ".join(reasons) or "within the targets")


def assess(platform: Platform) -> DrReport:
    """Every store of every template, each failure judged."""
    dr = platform.spec.dr
    targets = Targets(dr.rpo_minutes, dr.rto_minutes, dr.objects_rpo)
    report = DrReport(
        platform.spec.environment, dr.strategy, platform.spec.region, dr.dr_region, targets
    )
    for kind in STORES.values():
        for store in kind(platform):
            report.rows += [judge(store, recovery, targets) for recovery in store.recoveries]
    return report
