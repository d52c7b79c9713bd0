"""AWS::S3::Bucket: objects are stored across the region's zones; a region loss is survived by
replication to a bucket in another region (with Replication Time Control: 15 minutes for
99.99 % of objects, the SLA; without it, no bound); bad writes and deletes by versioning.

Buckets other buckets replicate into are the mechanism, not stores. A bucket a CloudFront
distribution serves from holds published content, uploaded again from its source (the edge
stack says so): without a replica its region loss loses nothing but takes a republish; with a
replica (RTC: RPO 15 min) that is the failover member of an origin group the distribution serves,
CloudFront fails over request by request (RTO 0); with a replica but no origin group, the
distribution must be repointed. Buckets
that receive logs (server access logs, CloudTrail, CloudFront logs) hold records to read, not
data to restore: they are reported without a target. So are buckets tagged
`chariot:recovery: rebuilt-from-repository` (Velero's cluster-state backups): what they hold is
rendered from the repository and applied again, so no data is lost with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from chariot.spec import platform_names as names
from chariot.spec.dr_strategies import (
    ORIGIN_GROUP_RTO,
    REPOINT_DISTRIBUTION_RTO,
    RESTORE_RTO,
    S3_DURABILITY,
    S3_PLAIN_REPLICATION_RPO,
    S3_REPLICATION,
    S3_RTC_RPO,
    Figure,
)
from chariot.verify.dr.model import Failure, Recovery, Store
from chariot.verify.dr.recoveries import LOST
from chariot.verify.readiness.base import Platform, Resource, as_list

BUCKET = "AWS::S3::Bucket"
ZONE_LOSS = Recovery(
    Failure.AZ,
    "S3 Standard stores every object in at least three zones",
    Figure(0.0, "written to several zones before it is acknowledged", S3_DURABILITY),
    Figure(0.0, "the bucket stays available", S3_DURABILITY),
)


def _name(platform: Platform, bucket: Resource) -> str | None:
    return platform.text(bucket.template, bucket.get("BucketName"))


def _destinations(platform: Platform) -> set[str]:
    names = set()
    for bucket in platform.resources(BUCKET):
        for rule in as_list(bucket.get("ReplicationConfiguration", "Rules")):
            arn = platform.text(bucket.template, (rule.get("Destination") or {}).get("Bucket"))
            if arn:
                names.add(arn.rsplit(":", 1)[-1])
    return names


def _log_targets(platform: Platform) -> set[int]:
    """The buckets that receive logs: named by another bucket's LoggingConfiguration, a
    CloudTrail trail or a CloudFront distribution's logging."""
    values: list[tuple[Resource, Any]] = []
    for bucket in platform.resources(BUCKET):
        values.append((bucket, bucket.get("LoggingConfiguration", "DestinationBucketName")))
    for trail in platform.resources("AWS::CloudTrail::Trail"):
        values.append((trail, trail.get("S3BucketName")))
    for cdn in platform.resources("AWS::CloudFront::Distribution"):
        values.append((cdn, cdn.get("DistributionConfig", "Logging", "Bucket")))
    found = set()
    for source, value in values:
        target = platform.target(source.template, value)
        if target is not None and target.resource.type == BUCKET:
            found.add(id(target.resource))
    return found


# An S3 origin's domain: `<bucket>.s3.<region>.amazonaws.com` (or the global `<bucket>.s3...`).
_S3_DOMAIN = re.compile(r"^(?P<name>[a-z0-9][a-z0-9.-]*?)\.s3(\.[a-z0-9-]+)?\.amazonaws\.com$")


def origins(platform: Platform) -> set[int]:
    """The buckets a CloudFront distribution serves from."""
    found = set()
    for cdn in platform.resources("AWS::CloudFront::Distribution"):
        for origin in as_list(cdn.get("DistributionConfig", "Origins")):
            target = platform.target(cdn.template, origin.get("DomainName"))
            if target is not None and target.resource.type == BUCKET:
                found.add(id(target.resource))
    return found


def _failovers(platform: Platform) -> dict[int, str]:
    """id(bucket) -> the bucket name CloudFront fails over to: the first and second members of
    an origin group that a cache behaviour serves, the first a bucket of the templates, the
    second named by its S3 domain (a replica in another region is imported by name)."""
    found: dict[int, str] = {}
    for cdn in platform.resources("AWS::CloudFront::Distribution"):
        config = cdn.get("DistributionConfig") or {}
        domains = {
            str(o.get("Id")): o.get("DomainName")
            for o in as_list(config.get("Origins"))
            if isinstance(o, dict)
        }
        served = {(config.get("DefaultCacheBehavior") or {}).get("TargetOriginId")} | {
            b.get("TargetOriginId") for b in as_list(config.get("CacheBehaviors"))
        }
        for group in as_list((config.get("OriginGroups") or {}).get("Items")):
            members = [
                str(m.get("OriginId")) for m in as_list((group.get("Members") or {}).get("Items"))
            ]
            if group.get("Id") not in served or len(members) < 2:
                continue
            primary = platform.target(cdn.template, domains.get(members[0]))
            domain = platform.text(cdn.template, domains.get(members[1])) or ""
            match = _S3_DOMAIN.match(domain)
            if primary is not None and primary.resource.type == BUCKET and match:
                found[id(primary.resource)] = match.group("name")
    return found


REPUBLISH = Recovery(
    Failure.REGION,
    "published content: upload it again from its source to a bucket in the DR region",
    Figure(0.0, "the content's source keeps it", ""),
    Figure(
        RESTORE_RTO.minutes,
        "create the bucket, upload the content and repoint the distribution (planning figure)",
        "",
    ),
)


def _region_loss(
    platform: Platform,
    bucket: Resource,
    regions: dict[str, str],
    published: bool,
    failover: str | None,
) -> Recovery:
    """`published`: CloudFront serves the bucket; `failover`: the bucket its origin group
    fails over to."""
    home = bucket.template.region
    for rule in as_list(bucket.get("ReplicationConfiguration", "Rules")):
        destination = rule.get("Destination") or {}
        arn = platform.text(bucket.template, destination.get("Bucket")) or ""
        name = arn.rsplit(":", 1)[-1]
        region = regions.get(name)
        if rule.get("Status") != "Enabled" or region is None or region == home:
            continue
        prefix = (rule.get("Filter") or {}).get("Prefix", "")
        scope = f" (prefix {prefix!r} only)" if prefix else ""
        timed = (destination.get("ReplicationTime") or {}).get("Status") == "Enabled"
        mechanism = f"replication{' with RTC' if timed else ''} to {name} in {region}{scope}"
        rto = Figure(0.0, "the replica serves reads at once; writers switch to it", S3_REPLICATION)
        if published and failover == name:
            mechanism += "; CloudFront's origin group fails over to it"
            rto = ORIGIN_GROUP_RTO
        elif published:
            mechanism += "; no origin group: the distribution is repointed"
            rto = REPOINT_DISTRIBUTION_RTO
        return Recovery(
            Failure.REGION,
            mechanism,
            S3_RTC_RPO if timed else S3_PLAIN_REPLICATION_RPO,
            rto,
        )
    if published:
        return REPUBLISH
    return Recovery(Failure.REGION, "not replicated to another region", LOST, LOST)


def _data_loss(bucket: Resource) -> Recovery:
    if bucket.get("VersioningConfiguration", "Status") == "Enabled":
        return Recovery(
            Failure.DATA,
            "versioning: an overwritten or deleted object keeps its previous version",
            Figure(0.0, "every version is kept until the lifecycle expires it", S3_DURABILITY),
            Figure(None, "copying versions back grows with the number of objects", ""),
        )
    return Recovery(Failure.DATA, "no versioning", LOST, LOST)


# The recovery tag's values (platform_names) -> how the report names such a bucket.
NOT_RECOVERED = {
    names.REBUILT_FROM_REPOSITORY: "S3 bucket, rebuilt from the repository",
    names.REGENERATED_ON_SCHEDULE: "S3 bucket, regenerated on schedule",
}


def _not_recovered(platform: Platform, bucket: Resource) -> str | None:
    """The bucket's kind when its recovery tag says its content is rebuilt, not recovered."""
    for tag in as_list(bucket.get("Tags")):
        if (
            isinstance(tag, dict)
            and platform.text(bucket.template, tag.get("Key")) == names.RECOVERY_TAG
        ):
            return NOT_RECOVERED.get(platform.text(bucket.template, tag.get("Value")) or "")
    return None


def stores(platform: Platform) -> Iterator[Store]:
    buckets = platform.resources(BUCKET)
    regions = {n: b.template.region for b in buckets if (n := _name(platform, b))}
    replicas = _destinations(platform)
    logs = _log_targets(platform)
    served = origins(platform)
    failovers = _failovers(platform)
    for bucket in buckets:
        name = _name(platform, bucket)
        if name in replicas:
            continue
        is_log, rebuilt = id(bucket) in logs, _not_recovered(platform, bucket)
        kind = "S3 log bucket" if is_log else (rebuilt or "S3 bucket")
        yield Store(
            kind,
            name or bucket.logical_id,
            bucket.template.stack,
            bucket.logical_id,
            (
                ZONE_LOSS,
                _region_loss(
                    platform, bucket, regions, id(bucket) in served, failovers.get(id(bucket))
                ),
                _data_loss(bucket),
            ),
            objects=True,
            targeted=not (is_log or rebuilt),
        )
