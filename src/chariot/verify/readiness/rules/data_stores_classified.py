"""Every data store carries its data class (`chariot:data-classification`).

The class decides who may read a store, how long its backups live and what an incident
response must do; a store without it is one nobody can answer those questions for. The values
come from the service catalog (chariot.spec.data_classification); the platform tags the stores
as it synthesizes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chariot.spec.data_classification import LEVELS, TAG_KEY
from chariot.verify.readiness.base import Platform, Resource, Result, Violation

# Resource type -> the property holding its tags.
STORES = {
    "AWS::DynamoDB::Table": "Tags",
    "AWS::Neptune::DBCluster": "Tags",
    "AWS::ElastiCache::ReplicationGroup": "Tags",
    "AWS::S3::Bucket": "Tags",
    "AWS::Backup::BackupVault": "BackupVaultTags",
}


def _tag(resource: Resource) -> Any:
    if resource.type == "AWS::DynamoDB::GlobalTable":  # tags live on each replica
        replicas = resource.get("Replicas") or []
        values = [_value(replica.get("Tags")) for replica in replicas if isinstance(replica, dict)]
        return values[0] if values and len(set(values)) == 1 else None
    return _value(resource.get(STORES[resource.type]))


def _value(tags: Any) -> Any:
    if isinstance(tags, dict):
        return tags.get(TAG_KEY)
    for tag in tags if isinstance(tags, list) else []:
        if isinstance(tag, dict) and tag.get("Key") == TAG_KEY:
            return tag.get("Value")
    return None


def check(platform: Platform) -> Iterator[Result]:
    for resource in platform.resources(*STORES, "AWS::DynamoDB::GlobalTable"):
        value = _tag(resource)
        if value not in LEVELS:
            found = "no tag" if value is None else f"{value!r}"
            yield Violation(
                resource,
                f"data store without a data class ({TAG_KEY}: {found}); set the owning "
                "service's data.classification, or place the store in "
                "chariot.infra.data_classification",
            )
