"""AWS::DynamoDB::Table: zone loss is DynamoDB's own business (three zones, synchronous); a
region loss is survived only by the AWS Backup copies in the DR region, restored into new
tables; bad data by PITR. Every template is read: the tables may live in several stacks."""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.dr_strategies import DYNAMODB_AZ, Figure
from chariot.verify.dr.backups import protections
from chariot.verify.dr.model import Failure, Recovery, Store
from chariot.verify.dr.recoveries import from_copies, restore
from chariot.verify.readiness.base import Platform

ZONE_LOSS = Recovery(
    Failure.AZ,
    "DynamoDB writes every item to three zones of the region before it acknowledges",
    Figure(0.0, "synchronous across zones", DYNAMODB_AZ),
    Figure(0.0, "the table stays available; no failover to run", DYNAMODB_AZ),
)


def guard(protected: bool) -> str:
    return "deletion protection refuses a delete" if protected else "no deletion protection"


def stores(platform: Platform) -> Iterator[Store]:
    protected = protections(platform)
    for table in platform.resources("AWS::DynamoDB::Table"):
        pitr = table.get("PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")
        protection = protected.get(id(table))
        yield Store(
            "DynamoDB table",
            platform.text(table.template, table.get("TableName")) or table.logical_id,
            table.template.stack,
            table.logical_id,
            (
                ZONE_LOSS,
                from_copies(protection),
                restore(
                    "PITR" if pitr is True else None,
                    protection,
                    guard(table.get("DeletionProtectionEnabled") is True),
                ),
            ),
        )
