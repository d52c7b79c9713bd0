"""Recoveries several stores share: from AWS Backup copies, from continuous backups, and
nothing at all."""

from __future__ import annotations

from chariot.spec.dr_strategies import BACKUP_COPIES, PITR_RESTORE, RESTORE_RTO, Figure
from chariot.verify.dr.backups import Protection
from chariot.verify.dr.model import Failure, Recovery, minutes

LOST = Figure(None, "no copy outside the failed scope: the data is lost", "")


def from_copies(protection: Protection | None) -> Recovery:
    """Region loss when AWS Backup copies are the only thing in the DR region."""
    if protection is None or protection.copy_interval is None:
        return Recovery(Failure.REGION, "no copy in another region", LOST, LOST)
    every = minutes(protection.copy_interval)
    return Recovery(
        Failure.REGION,
        f"AWS Backup copy every {every} to {protection.copy_vault}, restored there",
        Figure(
            protection.copy_interval,
            f"the newest copy is up to {every} old, plus the backup and copy jobs' duration",
            BACKUP_COPIES,
        ),
        RESTORE_RTO,
    )


def restore(continuous: str | None, protection: Protection | None, guard: str) -> Recovery:
    """Corrupted or deleted data: a point-in-time restore (`continuous` says which), else the
    newest backup, into a new resource. `guard` says what stops a delete."""
    if continuous:
        return Recovery(
            Failure.DATA,
            f"{continuous} to the second before the bad write, into a new resource; {guard}",
            Figure(0.0, "restorable to any second of the retention period", PITR_RESTORE),
            RESTORE_RTO,
        )
    if protection is not None and protection.interval is not None:
        every = minutes(protection.interval)
        return Recovery(
            Failure.DATA,
            f"restore the newest AWS Backup recovery point (every {every}); {guard}",
            Figure(protection.interval, f"up to {every} of writes lost", BACKUP_COPIES),
            RESTORE_RTO,
        )
    return Recovery(Failure.DATA, f"no backup; {guard}", LOST, LOST)
