"""AWS::ElastiCache::ReplicationGroup: node-hours x nodes, at the engine's price (Valkey < Redis).

Nodes: NumCacheClusters, or NumNodeGroups x (ReplicasPerNodeGroup + 1) in cluster mode.
"""

from __future__ import annotations

from chariot.plan.cost.billing import monthly_hours
from chariot.plan.cost.mapping import Context, Mapping, Unpriced
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "ElastiCache"
BACKUP = UsageKey("elasticache", "backup_gb", "GB", 0, "snapshot storage beyond the free one")


def nodes(resource: Resource) -> int:
    clusters = resource.literal("NumCacheClusters")
    if isinstance(clusters, int):
        return clusters
    groups = resource.literal("NumNodeGroups", 1)
    replicas = resource.literal("ReplicasPerNodeGroup", 0)
    return int(groups) * (int(replicas) + 1)


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    node_type = resource.literal("CacheNodeType")
    if not isinstance(node_type, str):
        raise Unpriced("CacheNodeType is not a literal")
    engine = str(resource.literal("Engine", "redis")).lower()
    engine = "valkey" if engine == "valkey" else "redis"
    count = nodes(resource)
    backup, why = ctx.use(BACKUP, resource)
    return [
        ctx.line(
            COMPONENT,
            resource,
            f"{count} x {node_type} ({engine})",
            monthly_hours(count),
            f"elasticache.node.{node_type}.{engine}",
        ),
        ctx.line(COMPONENT, resource, "backup storage", backup, "elasticache.backup", [why]),
    ]


MAPPING = Mapping("AWS::ElastiCache::ReplicationGroup", COMPONENT, (BACKUP,), price)
