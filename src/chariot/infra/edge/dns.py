"""The edge's names: the hosted zone, the API's `origin.<domain>` (an alias, or a failover
record) and the distribution's alias records."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_route53_targets as route53_targets
from constructs import Construct

from chariot.infra.edge.failover import primary_origin_record, secondary_origin_record
from chariot.spec.dr_region import in_dr_region
from chariot.spec.dr_strategies import replicates_data
from chariot.spec.model import PlatformSpec


def hosted_zone(scope: Construct, spec: PlatformSpec) -> route53.IHostedZone | None:
    """The spec's hosted zone, by a context lookup (`chariot synth` names the cdk.json key to
    fill if it is missing); None without a custom domain."""
    if not (spec.edge.domain_name and spec.edge.hosted_zone):
        return None
    return route53.HostedZone.from_lookup(scope, "Zone", domain_name=spec.edge.hosted_zone)


class OriginDomain:
    """`origin.<domain>` and its regional certificate, by which CloudFront reaches the API when
    the spec has a domain (then the default execute-api endpoint is disabled). The certificate
    is made the first time an API asks for it."""

    def __init__(
        self, scope: Construct, spec: PlatformSpec, zone: route53.IHostedZone | None
    ) -> None:
        self._scope, self._spec, self._zone = scope, spec, zone
        self._certificate: acm.Certificate | None = None

    def get(self) -> tuple[str, acm.Certificate] | None:
        spec = self._spec
        if self._zone is None or not spec.edge.domain_name or not spec.edge.cdn.enabled:
            return None
        if self._certificate is None:
            self._certificate = acm.Certificate(
                self._scope,
                "OriginCertificate",
                domain_name=f"origin.{spec.edge.domain_name}",
                validation=self._validation(),
            )
        return f"origin.{spec.edge.domain_name}", self._certificate

    def _validation(self) -> acm.CertificateValidation:
        """DNS validation: the platform region's certificate writes the validation record into
        the zone. The DR region's certificate for the same name is validated by that record:
        ACM gives one account the same CNAME for a name in every region (two writers of it
        conflict: https://github.com/hashicorp/terraform-provider-aws/issues/13653), so only
        the primary's stack owns it, and deleting the DR stack never removes it. Each region
        needs its own certificate (https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html)."""
        if in_dr_region(self._spec):
            return acm.CertificateValidation.from_dns()
        return acm.CertificateValidation.from_dns(self._zone)


def api_origin_record(
    scope: Stack,
    spec: PlatformSpec,
    zone: route53.IHostedZone,
    name: str,
    target: route53.IAliasRecordTarget,
    regional_domain_name: str,
) -> None:
    """`origin.<domain>` -> the API's regional custom domain: an alias record, or, when the
    strategy keeps a DR region ready, the PRIMARY of a health-checked failover group, and in
    the DR region its SECONDARY (chariot.infra.edge.failover)."""
    if in_dr_region(spec):
        secondary_origin_record(scope, spec, zone, name, regional_domain_name)
        return
    if replicates_data(spec):
        primary_origin_record(scope, spec, zone, name, regional_domain_name)
        return
    route53.ARecord(
        scope,
        "ApiOriginAlias",
        zone=zone,
        record_name=name,
        target=route53.RecordTarget.from_alias(target),
    )


def distribution_aliases(
    scope: Construct,
    zone: route53.IHostedZone,
    name: str,
    distribution: cloudfront.Distribution,
) -> None:
    """The spec's domain (IPv4 and IPv6) -> the CloudFront distribution."""
    target = route53.RecordTarget.from_alias(route53_targets.CloudFrontTarget(distribution))
    route53.ARecord(scope, "AliasIpv4", zone=zone, record_name=name, target=target)
    route53.AaaaRecord(scope, "AliasIpv6", zone=zone, record_name=name, target=target)
