"""Every DynamoDB table (of a global table: its replica in the home region) is selected by an
AWS Backup plan, across stacks.

The service stacks hold the tables and the data stack's plan selects them by tag, which
cdk-nag (one stack at a time) cannot follow. This rule evaluates each selection as AWS Backup
does (chariot.verify.backup_selection). A table no selection of its region takes has no
scheduled, off-region recovery point.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.verify.backup_selection import TABLE_TYPES, resource_arn, selects
from chariot.verify.readiness.base import Platform, Result, Violation


def check(platform: Platform) -> Iterator[Result]:
    selections = platform.resources("AWS::Backup::BackupSelection")
    for table in platform.resources(*TABLE_TYPES):
        if resource_arn(platform, table) is None:
            continue  # a generated name cannot be matched by ARN; tags may still select it
        if not any(selects(platform, s, table) for s in selections):
            name = platform.text(table.template, table.get("TableName"))
            region = table.template.region
            yield Violation(
                table,
                f"table {name} is in no AWS Backup selection of {region}: it gets no "
                "scheduled or off-region recovery point (check the selection's Resources, "
                "ListOfTags and Conditions against the table's ARN and tags)",
            )
