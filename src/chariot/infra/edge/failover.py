"""Route 53 failover for the API's origin name (`origin.<domain>`, which CloudFront's `/v1/*`
behaviour reaches), when the strategy keeps a DR region ready (pilot_light, warm_standby).

The platform region's record is the failover group's PRIMARY: a CNAME to this region's API
custom domain, with a health check, so Route 53 answers with the SECONDARY (the DR region's
API custom domain of the same name, made by the DR edge stack) once the check fails
(https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html). The
SECONDARY has no health check of its own: it is the answer while the PRIMARY is unhealthy, and
with no healthy record left Route 53 treats every record of the group as healthy
(https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html),
so neither record takes the API down on its own.

The record is a CNAME, not an alias: an alias record has no TTL of its own and a failover alias
must evaluate its target's health instead of the check; a CNAME's TTL bounds how long resolvers
keep the old region. The check is TCP on port 443 of the regional domain name: Route 53 sends
no Host header for TCP checks, and an HTTPS check would present the regional name, which API
Gateway does not serve (it serves `origin.<domain>`), so the check answers whether the region's
API front door accepts connections, i.e. region loss, not a fault of the services behind it.
Route 53 calls the endpoint unhealthy after `failure_threshold` consecutive failures, each
health checker probing every `request_interval`
(https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html).
"""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_route53 as route53

from chariot.infra.names import prefix
from chariot.spec.dr_strategies import (
    FAILOVER_RECORD_TTL_SECONDS,
    HEALTH_CHECK_FAILURE_THRESHOLD,
    HEALTH_CHECK_INTERVAL_SECONDS,
)
from chariot.spec.model import PlatformSpec

HTTPS_PORT = 443


def primary_origin_record(
    scope: Stack,
    spec: PlatformSpec,
    zone: route53.IHostedZone,
    name: str,
    regional_domain_name: str,
) -> route53.CnameRecord:
    """`name` -> this region's API custom domain (`regional_domain_name`), the PRIMARY of the
    failover group, health-checked."""
    check = route53.HealthCheck(
        scope,
        "ApiOriginHealthCheck",
        type=route53.HealthCheckType.TCP,
        fqdn=regional_domain_name,
        port=HTTPS_PORT,
        request_interval=Duration.seconds(HEALTH_CHECK_INTERVAL_SECONDS),
        failure_threshold=HEALTH_CHECK_FAILURE_THRESHOLD,
    )
    return _origin_record(
        scope,
        spec,
        zone,
        name,
        regional_domain_name,
        route53.Failover.PRIMARY,
        "API origin in the platform region; the DR region's record is the SECONDARY",
        check,
    )


def secondary_origin_record(
    scope: Stack,
    spec: PlatformSpec,
    zone: route53.IHostedZone,
    name: str,
    regional_domain_name: str,
) -> route53.CnameRecord:
    """`name` -> the DR region's API custom domain, the SECONDARY of the failover group."""
    return _origin_record(
        scope,
        spec,
        zone,
        name,
        regional_domain_name,
        route53.Failover.SECONDARY,
        "API origin in the DR region: the answer while the PRIMARY's check fails",
    )


def _origin_record(
    scope: Stack,
    spec: PlatformSpec,
    zone: route53.IHostedZone,
    name: str,
    regional_domain_name: str,
    failover: route53.Failover,
    comment: str,
    health_check: route53.HealthCheck | None = None,
) -> route53.CnameRecord:
    """One member of the origin name's failover group, identified by its region."""
    return route53.CnameRecord(
        scope,
        "ApiOriginPrimary" if failover == route53.Failover.PRIMARY else "ApiOriginSecondary",
        zone=zone,
        record_name=name,
        domain_name=regional_domain_name,
        ttl=Duration.seconds(FAILOVER_RECORD_TTL_SECONDS),
        failover=failover,
        set_identifier=f"{prefix(spec)}-api-{spec.region}",
        health_check=health_check,
        comment=comment,
    )
