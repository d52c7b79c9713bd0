"""Physical names that two stacks must agree on (the data tier and the alarms that watch it;
table names live in chariot.spec.platform_names, shared with the manifests).

Names rather than cross-stack references, so an alarm does not make its stack depend on the
stack that owns the watched resource, and a reader can find the resource by name.
"""

from __future__ import annotations

from chariot.spec.model import PlatformSpec


def prefix(spec: PlatformSpec) -> str:
    return f"{spec.name}-{spec.environment}"


def alerts_topic_name(spec: PlatformSpec) -> str:
    """The SNS topic every alarm and alert notifies (governance stack; Alertmanager publishes)."""
    return f"{prefix(spec)}-alerts"


def graph_cluster_id(spec: PlatformSpec) -> str:
    """The Neptune DBClusterIdentifier (the seed's `chariot-graph-${env}`)."""
    return f"{spec.name}-graph-{spec.environment}"


def graph_global_id(spec: PlatformSpec) -> str:
    """The Neptune global database the primary and the DR secondary cluster belong to."""
    return f"{graph_cluster_id(spec)}-global"


def graph_secondary_id(spec: PlatformSpec) -> str:
    """The DBClusterIdentifier of the graph's secondary cluster in the DR region."""
    return f"{graph_cluster_id(spec)}-dr"


def cache_group_id(spec: PlatformSpec) -> str:
    """The ElastiCache ReplicationGroupId (the seed's `chariot-cache-${env}`)."""
    return f"{spec.name}-cache-{spec.environment}"


def cache_member_ids(spec: PlatformSpec) -> list[str]:
    """ElastiCache names the members of a replication group `<group>-001`, `-002`, ..."""
    return [f"{cache_group_id(spec)}-{n:03d}" for n in range(1, spec.data.cache.nodes + 1)]


def key_alias(spec: PlatformSpec, domain: str) -> str:
    """The alias of a domain's KMS key (`key:<domain>`), the same in the platform and the DR
    region: the primary's stacks name the DR region's key by it."""
    return f"alias/{prefix(spec)}-{domain}"


def origin_secret_name(spec: PlatformSpec) -> str:
    """The edge's origin secret, and its replica in the DR region under the same name."""
    return f"{prefix(spec)}/edge/origin-secret"
