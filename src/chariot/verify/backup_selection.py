"""Which resources an AWS Backup selection takes, evaluated as AWS Backup does.

`Resources` (ARNs, `*` wildcards, or references) OR `ListOfTags`, then every `Conditions`
entry (AND), minus `NotResources`
(https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources-json.html). The
service stacks hold the tables and the data stack's plan selects them by tag, so a reader of
one template cannot follow it; the readiness rule `tables-backed-up` and the DR model both ask
here.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from chariot.verify.readiness.base import Platform, Resource, as_list

TAG_PREFIX = "aws:ResourceTag/"
# A global table's replica in the template's region is a table of that region to AWS Backup.
TABLE_TYPES = ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable")


def resource_arn(platform: Platform, resource: Resource) -> str | None:
    """The ARN a selection pattern is matched against; None for a generated name."""
    template = resource.template
    where = f"{template.region}:{template.account}"
    if resource.type in TABLE_TYPES:
        name = platform.text(template, resource.get("TableName"))
        return f"arn:aws:dynamodb:{where}:table/{name}" if name else None
    if resource.type == "AWS::Neptune::DBCluster":
        name = platform.text(template, resource.get("DBClusterIdentifier"))
        return f"arn:aws:rds:{where}:cluster:{name}" if name else None
    return None


def _tag_list(platform: Platform, resource: Resource) -> Any:
    """The resource's tags; a global table's are those of its replica in the template's region."""
    if resource.type != "AWS::DynamoDB::GlobalTable":
        return resource.get("Tags")
    for replica in as_list(resource.get("Replicas")):
        if not isinstance(replica, dict):
            continue
        if platform.text(resource.template, replica.get("Region")) == resource.template.region:
            return replica.get("Tags")
    return None


def tags_of(platform: Platform, resource: Resource) -> dict[str, str]:
    tags: dict[str, str] = {}
    for tag in as_list(_tag_list(platform, resource)):
        if isinstance(tag, dict):
            key = platform.text(resource.template, tag.get("Key"))
            value = platform.text(resource.template, tag.get("Value"))
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


def _names(platform: Platform, selection: Resource, resource: Resource, key: str) -> bool:
    """Whether the ARN list `key` of the selection names the resource (reference or pattern)."""
    arn = resource_arn(platform, resource)
    for value in as_list(selection.get("BackupSelection", key)):
        target = platform.target(selection.template, value)
        if target is not None:
            if target.resource is resource:
                return True
            continue
        pattern = platform.text(selection.template, value)
        if pattern is not None and arn is not None and fnmatchcase(arn, pattern):
            return True
    return False


def selects(platform: Platform, selection: Resource, resource: Resource) -> bool:
    """Whether this AWS::Backup::BackupSelection takes `resource` (same region only)."""
    if selection.template.region != resource.template.region:
        return False
    tags = tags_of(platform, resource)
    by_tag = any(
        isinstance(entry, dict) and _condition_holds("StringEquals", tags, entry)
        for entry in as_list(selection.get("BackupSelection", "ListOfTags"))
    )
    if not (by_tag or _names(platform, selection, resource, "Resources")):
        return False
    conditions = selection.get("BackupSelection", "Conditions") or {}
    for operator, entries in conditions.items() if isinstance(conditions, dict) else []:
        for entry in as_list(entries):
            if isinstance(entry, dict) and not _condition_holds(operator, tags, entry):
                return False
    return not _names(platform, selection, resource, "NotResources")
