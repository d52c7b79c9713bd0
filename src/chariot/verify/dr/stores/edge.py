"""The API's way in: CloudFront's API origin (`/v1/*`). It holds no data, so its RPO is 0; what
a region loss costs is the time until the origin name answers with the DR region.

Read from the templates: the Route 53 failover records named like the distribution's API origin
(chariot.infra.edge.failover). With a health-checked PRIMARY in the platform region and a
SECONDARY in another region, the switch takes `FailureThreshold` checks at `RequestInterval`
plus the record's TTL. warm_standby promises that switch; without the records (no hosted zone
in the spec, or no SECONDARY yet) its API comes back only once it is deployed in the DR region,
a day in planning, and the reason is in the row. The other strategies move traffic as part of
their planned recovery and are given that figure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from chariot.spec.dr_strategies import (
    REDEPLOY_EDGE_RTO,
    ROUTE53_FAILOVER,
    ROUTE53_HEALTH,
    Figure,
    strategy,
)
from chariot.verify.dr.model import Failure, Recovery, Store
from chariot.verify.readiness.base import Platform, Resource, as_list

RECORD = "AWS::Route53::RecordSet"
NO_DATA = Figure(0.0, "the edge holds no data", "")
API_GATEWAY_ZONES = (
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/disaster-recovery-resiliency.html"
)
ZONE_LOSS = Recovery(
    Failure.AZ,
    "CloudFront is global; API Gateway and the internal NLB span the region's zones",
    NO_DATA,
    Figure(0.0, "API Gateway recovers from a zone's failure by itself", API_GATEWAY_ZONES),
)
ORIGIN_KINDS = ("CustomOriginConfig", "VpcOriginConfig")


@dataclass(frozen=True)
class Switch:
    """A health-checked failover record: how long until Route 53 stops answering with it."""

    interval: int
    threshold: int
    ttl: int

    @property
    def seconds(self) -> int:
        return self.interval * self.threshold + self.ttl


def _plain(name: str | None) -> str:
    return (name or "").rstrip(".").lower()


def _api_origins(platform: Platform) -> list[tuple[Resource, str]]:
    """Every distribution's API origins (custom or VPC origins, not S3) and their domains."""
    found = []
    for cdn in platform.resources("AWS::CloudFront::Distribution"):
        for origin in as_list(cdn.get("DistributionConfig", "Origins")):
            if not isinstance(origin, dict) or not any(k in origin for k in ORIGIN_KINDS):
                continue
            domain = platform.text(cdn.template, origin.get("DomainName"), "<unresolved>")
            found.append((cdn, domain or "<unresolved>"))
    return found


def _switch(platform: Platform, record: Resource) -> Switch | None:
    target = platform.target(record.template, record.get("HealthCheckId"))
    if target is None or target.resource.type != "AWS::Route53::HealthCheck":
        return None
    config = target.resource.get("HealthCheckConfig") or {}
    try:
        return Switch(
            int(config.get("RequestInterval", 30)),
            int(config.get("FailureThreshold", 3)),
            int(record.get("TTL")),
        )
    except (TypeError, ValueError):
        return None


def _region_loss(platform: Platform, domain: str, home: str) -> Recovery:
    records = [
        r
        for r in platform.resources(RECORD)
        if _plain(platform.text(r.template, r.get("Name"))) == _plain(domain)
    ]
    primary = next(
        (r for r in records if r.get("Failover") == "PRIMARY" and r.template.region == home), None
    )
    secondary = next(
        (r for r in records if r.get("Failover") == "SECONDARY" and r.template.region != home),
        None,
    )
    switch = _switch(platform, primary) if primary is not None else None
    spec = platform.spec
    if switch is not None and secondary is not None:
        return Recovery(
            Failure.REGION,
            f"Route 53 failover: {domain} answers with {secondary.template.region} "
            "once the primary's health check fails",
            NO_DATA,
            Figure(
                switch.seconds / 60,
                f"{switch.threshold} failed checks at {switch.interval} s, then the record's "
                f"{switch.ttl} s TTL",
                ROUTE53_HEALTH,
            ),
        )
    if switch is not None:
        why = (
            "a health-checked PRIMARY record but no SECONDARY in another region (nothing in "
            f"{spec.dr.dr_region} serves the API yet)"
        )
    elif not (spec.edge.hosted_zone and spec.edge.domain_name):
        why = (
            "no failover records: the spec has no edge.hosted_zone and edge.domain_name, "
            "which Route 53 failover needs"
        )
    else:
        why = "no health-checked failover records for this origin"
    if spec.dr.strategy != "warm_standby":
        return Recovery(
            Failure.REGION,
            f"{why}; traffic moves as part of {spec.dr.strategy}'s recovery",
            NO_DATA,
            strategy(spec).rto,
        )
    return Recovery(
        Failure.REGION,
        f"no complete Route 53 failover, which warm_standby moves traffic by: {why}",
        NO_DATA,
        Figure(REDEPLOY_EDGE_RTO.minutes, f"{why}; {REDEPLOY_EDGE_RTO.basis}", ROUTE53_FAILOVER),
    )


def stores(platform: Platform) -> Iterator[Store]:
    home = platform.spec.region
    for cdn, domain in _api_origins(platform):
        yield Store(
            "API edge",
            domain,
            cdn.template.stack,
            cdn.logical_id,
            (ZONE_LOSS, _region_loss(platform, domain, home)),
        )
