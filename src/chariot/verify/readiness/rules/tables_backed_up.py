"""Every DynamoDB table is selected by an AWS Backup plan, across stacks.

The service stacks hold the tables and the data stack's plan selects them by tag, which
cdk-nag (one stack at a time) cannot follow. This rule evaluates each selection as AWS Backup
does: `Resources` (ARNs, `*` wildcards) OR `ListOfTags`, then every `Conditions` entry (AND),
minus `NotResources`
(https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources-json.html). A table
no selection of its region takes has no scheduled, off-region recovery point.
"""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatchcase
from typing import Any

from chariot.verify.readiness.base import Platform, Resource, Result, Violation, as_list

TAG_PREFIX = "aws:ResourceTag/"


def _tags(platform: Platform, table: Resource) -> dict[str, str]:
    tags: dict[str, str] = {}
    for tag in as_list(table.get("Tags")):
        if isinstance(tag, dict):
            key = platform.text(table.template, tag.get("Key"))
            value = platform.text(table.template, tag.get("Value"))
            if key is not None and value is not None:
                tags[key] = value
    return tags


def _condition_holds(operator: str, tags: dict[str, str], entry: dict[str, Any]) -> bool:
    key = str(entry.get("ConditionKey", "")).removeprefix(TAG_PREFIX)
    expected, actual = str(entry.get("ConditionValue", "")), tags.get(key)
    if operator == "StringEquals":
        return actual == expected
    if operator == "StringNotEquals":
        return actual != expected
    if operator == "StringLike":
        return actual is not None and fnmatchcase(actual, expected)
    if operator == "StringNotLike":
        return actual is None or not fnmatchcase(actual, expected)
    return False  # an operator AWS Backup does not know selects nothing


def _names(platform: Platform, selection: Resource, table: Resource, arn: str, key: str) -> bool:
    """Whether the ARN list `key` of the selection names the table (by reference or pattern)."""
    for value in as_list(selection.get("BackupSelection", key)):
        target = platform.target(selection.template, value)
        if target is not None:
            if target.resource is table:
                return True
            continue
        pattern = platform.text(selection.template, value)
        if pattern is not None and fnmatchcase(arn, pattern):
            return True
    return False


def _selects(platform: Platform, selection: Resource, table: Resource, arn: str) -> bool:
    tags = _tags(platform, table)
    by_tag = any(
        isinstance(entry, dict) and _condition_holds("StringEquals", tags, entry)
        for entry in as_list(selection.get("BackupSelection", "ListOfTags"))
    )
    if not (by_tag or _names(platform, selection, table, arn, "Resources")):
        return False
    conditions = selection.get("BackupSelection", "Conditions") or {}
    for operator, entries in conditions.items() if isinstance(conditions, dict) else []:
        for entry in as_list(entries):
            if isinstance(entry, dict) and not _condition_holds(operator, tags, entry):
                return False
    return not _names(platform, selection, table, arn, "NotResources")


def check(platform: Platform) -> Iterator[Result]:
    selections = platform.resources("AWS::Backup::BackupSelection")
    for table in platform.resources("AWS::DynamoDB::Table"):
        name = platform.text(table.template, table.get("TableName"))
        if name is None:
            continue  # a generated name cannot be matched by ARN; tags may still select it
        template = table.template
        arn = f"arn:aws:dynamodb:{template.region}:{template.account}:table/{name}"
        if not any(
            s.template.region == template.region and _selects(platform, s, table, arn)
            for s in selections
        ):
            yield Violation(
                table,
                f"table {name} is in no AWS Backup selection of {template.region}: it gets no "
                "scheduled or off-region recovery point (check the selection's Resources, "
                "ListOfTags and Conditions against the table's ARN and tags)",
            )
