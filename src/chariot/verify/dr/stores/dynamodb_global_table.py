"""AWS::DynamoDB::GlobalTable: a replica in another region takes reads and writes at once
(multi-active), about a second behind. Replication copies a bad write too, so corrupted data
needs PITR on the replicas (the global-tables-keep-pitr spec rule). Converting a deployed
AWS::DynamoDB::Table into this type replaces the table: docs/disaster-recovery.md."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chariot.spec.dr_strategies import GLOBAL_TABLE_RPO, GLOBAL_TABLES, Figure
from chariot.verify.dr.backups import protections
from chariot.verify.dr.model import Failure, Recovery, Store
from chariot.verify.dr.recoveries import LOST, restore
from chariot.verify.dr.stores.dynamodb_table import ZONE_LOSS, guard
from chariot.verify.readiness.base import Platform, as_list


def _all(replicas: list[Any], *path: str) -> bool:
    def value(replica: Any) -> Any:
        for part in path:
            replica = replica.get(part) if isinstance(replica, dict) else None
        return replica

    return bool(replicas) and all(value(r) is True for r in replicas)


def stores(platform: Platform) -> Iterator[Store]:
    protected = protections(platform)
    for table in platform.resources("AWS::DynamoDB::GlobalTable"):
        home = table.template.region
        replicas = [r for r in as_list(table.get("Replicas")) if isinstance(r, dict)]
        regions = [platform.text(table.template, r.get("Region")) or "" for r in replicas]
        elsewhere = sorted({r for r in regions if r and r != home})
        if elsewhere:
            region_loss = Recovery(
                Failure.REGION,
                f"global table replica in {', '.join(elsewhere)}: it takes the writes at once",
                GLOBAL_TABLE_RPO,
                Figure(0.0, "every replica is read-write; nothing to promote", GLOBAL_TABLES),
            )
        else:
            region_loss = Recovery(Failure.REGION, f"replicas only in {home}", LOST, LOST)
        pitr = _all(replicas, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")
        yield Store(
            "DynamoDB global table",
            platform.text(table.template, table.get("TableName")) or table.logical_id,
            table.template.stack,
            table.logical_id,
            (
                ZONE_LOSS,
                region_loss,
                restore(
                    "PITR on every replica" if pitr else None,
                    protected.get(id(table)),
                    guard(_all(replicas, "DeletionProtectionEnabled")),
                ),
            ),
        )
