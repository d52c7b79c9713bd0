"""AWS::ElastiCache::ReplicationGroup: the cache holds derived entries (invalidated on write,
`data.cache.ttl_seconds`), and the services fail open to the tables and the graph when it is
unreachable (runtime/kit/cache.py). So no failure loses authoritative data or stops the
services; what a failure costs is latency until the cache is warm again. Multi-AZ failover and
a replication group (or a global datastore member) in the DR region shorten that."""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.dr_strategies import CACHE_FAIL_OPEN, ELASTICACHE_MULTI_AZ, Figure
from chariot.verify.dr.model import Failure, Recovery, Store
from chariot.verify.readiness.base import Platform

DERIVED = Figure(0.0, "derived entries only: the tables and the graph hold the data", "")
FAIL_OPEN = Figure(
    0.0, "the services read through to the tables meanwhile (slower, not down)", CACHE_FAIL_OPEN
)


def stores(platform: Platform) -> Iterator[Store]:
    groups = platform.resources("AWS::ElastiCache::ReplicationGroup")
    home = platform.spec.region
    in_dr = [g for g in groups if g.template.region != home]
    for group in groups:
        if group.template.region != home:
            continue  # the DR region's cache is this one's stand-in, reported here
        multi_az = group.get("MultiAZEnabled") is True and group.get("AutomaticFailoverEnabled")
        zone = (
            "Multi-AZ: a replica in another zone is promoted"
            if multi_az
            else "single zone: the node is replaced"
        )
        region = (
            f"a cache stands in {in_dr[0].template.region} and warms up"
            if in_dr
            else "no cache in the DR region: the services run without one until it is created"
        )
        yield Store(
            "ElastiCache",
            platform.text(group.template, group.get("ReplicationGroupId")) or group.logical_id,
            group.template.stack,
            group.logical_id,
            (
                Recovery(
                    Failure.AZ, zone, DERIVED, Figure(0.0, FAIL_OPEN.basis, ELASTICACHE_MULTI_AZ)
                ),
                Recovery(Failure.REGION, region, DERIVED, FAIL_OPEN),
                Recovery(Failure.DATA, "flush it: entries are rebuilt on read", DERIVED, FAIL_OPEN),
            ),
        )
