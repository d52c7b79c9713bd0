"""AWS::Neptune::DBCluster: the cluster volume spans the region's zones, so a zone loss costs a
failover to a replica (or a new primary); a region loss is survived by a secondary cluster of a
Neptune global database (an AWS::Neptune::GlobalCluster with the primary as its source, or named
by both clusters; GlobalClusterIdentifier on the secondary) or else by the AWS Backup snapshot
copies; bad data by a point-in-time restore.
A secondary cluster is reported with its primary, not as a store of its own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chariot.spec.dr_strategies import (
    NEPTUNE_AZ,
    NEPTUNE_GLOBAL_RPO,
    NEPTUNE_GLOBAL_RTO,
    NEPTUNE_HEADLESS_RTO,
    NEPTUNE_NEW_PRIMARY,
    NEPTUNE_REPLICA_FAILOVER,
    Figure,
)
from chariot.verify.dr.backups import protections
from chariot.verify.dr.model import Failure, Recovery, Store
from chariot.verify.dr.recoveries import from_copies, restore
from chariot.verify.readiness.base import Platform, Resource

GLOBAL_CLUSTER = "AWS::Neptune::GlobalCluster"


def _names(value: Any, cluster: Resource, identifier: str | None) -> bool:
    """Whether a SourceDBClusterIdentifier refers to `cluster`: a Ref to it anywhere in the
    value (an ARN joined around it), or a literal ARN ending in its identifier."""
    if isinstance(value, dict):
        if value.get("Ref") == cluster.logical_id:
            return True
        return any(_names(v, cluster, identifier) for v in value.values())
    if isinstance(value, list):
        return any(_names(v, cluster, identifier) for v in value)
    return bool(identifier) and isinstance(value, str) and value.endswith(f":cluster:{identifier}")


def _global_of(platform: Platform, database: Resource) -> str | None:
    value = database.get("GlobalClusterIdentifier") or database.logical_id
    return platform.text(database.template, value)


def global_id(platform: Platform, cluster: Resource) -> str | None:
    """The global database a cluster belongs to: its GlobalClusterIdentifier (a literal, or a
    Ref to the GlobalCluster), or the GlobalCluster of its template that has the cluster as
    SourceDBClusterIdentifier (the primary of a global database made from it)."""
    value = cluster.get("GlobalClusterIdentifier")
    if value is None:
        identifier = platform.text(cluster.template, cluster.get("DBClusterIdentifier"))
        for database in cluster.template.of_type(GLOBAL_CLUSTER):
            if _names(database.get("SourceDBClusterIdentifier"), cluster, identifier):
                return _global_of(platform, database)
        return None
    target = platform.target(cluster.template, value)
    if target is not None and target.resource.type == GLOBAL_CLUSTER:
        return _global_of(platform, target.resource)
    return platform.text(cluster.template, value)


def instances(platform: Platform, cluster: Resource) -> int:
    name = cluster.get("DBClusterIdentifier")
    count = 0
    for instance in cluster.template.of_type("AWS::Neptune::DBInstance"):
        ref = instance.get("DBClusterIdentifier")
        target = platform.target(instance.template, ref)
        if (target is not None and target.resource is cluster) or (name and ref == name):
            count += 1
    return count


def _zone_loss(count: int) -> Recovery:
    failover = NEPTUNE_REPLICA_FAILOVER if count > 1 else NEPTUNE_NEW_PRIMARY
    what = f"{count} instances: a replica is promoted" if count > 1 else "one instance: replaced"
    return Recovery(
        Failure.AZ,
        f"cluster volume in every zone; {what}",
        Figure(0.0, "the volume keeps copies in each zone of the region", NEPTUNE_AZ),
        failover,
    )


def stores(platform: Platform) -> Iterator[Store]:
    protected = protections(platform)
    clusters = platform.resources("AWS::Neptune::DBCluster")
    home = platform.spec.region
    for cluster in clusters:
        gid = global_id(platform, cluster)
        if gid and cluster.template.region != home:
            continue  # a secondary: reported with its primary
        secondaries = [
            c
            for c in clusters
            if c is not cluster and gid and global_id(platform, c) == gid
            and c.template.region != cluster.template.region
        ]  # fmt: skip
        protection = protected.get(id(cluster))
        if secondaries:
            secondary = secondaries[0]
            readers = instances(platform, secondary)
            region_loss = Recovery(
                Failure.REGION,
                f"Neptune global database {gid}: secondary in {secondary.template.region} "
                f"({readers} instances), detached and promoted",
                NEPTUNE_GLOBAL_RPO,
                NEPTUNE_GLOBAL_RTO if readers else NEPTUNE_HEADLESS_RTO,
            )
        else:
            region_loss = from_copies(protection)
        retention = cluster.get("BackupRetentionPeriod")
        yield Store(
            "Neptune cluster",
            platform.text(cluster.template, cluster.get("DBClusterIdentifier"))
            or cluster.logical_id,
            cluster.template.stack,
            cluster.logical_id,
            (
                _zone_loss(instances(platform, cluster)),
                region_loss,
                restore(
                    f"point-in-time restore ({retention} days kept)" if retention else None,
                    protection,
                    "deletion protection refuses a delete"
                    if cluster.get("DeletionProtection") is True
                    else "no deletion protection",
                ),
            ),
        )
