"""CloudFront: static content from S3 by default, `/v1/*` to the API (or, without one, to the
ingress NLB through a VPC origin), behind the CLOUDFRONT-scope WAF; logged to the log bucket.

When the DR strategy replicates data, the static content is replicated (with RTC) to its replica
in the DR region and the default behaviour serves an origin group: the bucket first, the
replica when it fails (static_origin below)."""

from __future__ import annotations

from aws_cdk import Annotations, CfnOutput, Duration
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3

from chariot.infra.compliance import acknowledge
from chariot.infra.constructs.bucket_replication import Replica, replicate
from chariot.infra.constructs.secure_bucket import PUBLIC_ASSETS_SSE_S3, secure_bucket
from chariot.infra.edge.apis.base import ApiEndpoint
from chariot.infra.edge.context import EdgeContext
from chariot.infra.edge.dns import distribution_aliases
from chariot.infra.edge.ingress import LISTENER_PORT
from chariot.infra.edge.waf import web_acl
from chariot.infra.names import prefix
from chariot.infra.stacks.dr import replicates_static_content, static_replica_bucket_name

PRICE_CLASSES = {
    "PriceClass_100": cloudfront.PriceClass.PRICE_CLASS_100,
    "PriceClass_200": cloudfront.PriceClass.PRICE_CLASS_200,
    "PriceClass_All": cloudfront.PriceClass.PRICE_CLASS_ALL,
}


def distribution(ctx: EdgeContext, endpoint: ApiEndpoint | None) -> cloudfront.Distribution:
    spec, scope = ctx.spec, ctx.scope
    cdn = spec.edge.cdn
    static = secure_bucket(
        scope,
        "StaticContent",
        lifecycle=spec.cost.s3_lifecycle.objects,
        removal=ctx.removal,
        access_logs=ctx.log_bucket,
        access_logs_prefix="s3/static/",
    )
    reasons = {"NIST.800.53.R5-S3DefaultEncryptionKMS": PUBLIC_ASSETS_SSE_S3}
    if replicates_static_content(spec):
        replicate(
            scope,
            "StaticReplication",
            spec,
            static,
            Replica(static_replica_bucket_name(spec)),
            what="the static content",
        )
    else:
        reasons["NIST.800.53.R5-S3BucketReplicationEnabled"] = (
            "Static web content is uploaded by whoever publishes it (the platform "
            "writes nothing here) and can be uploaded again from its source; the DR "
            f"strategy ({spec.dr.strategy}) does not replicate it to the DR region."
        )
    acknowledge(static, reasons)
    static_policy = cloudfront.CachePolicy(
        scope,
        "StaticCache",
        cache_policy_name=f"{prefix(spec)}-static",
        comment="static content",
        default_ttl=Duration.seconds(cdn.static_ttl_seconds),
        min_ttl=Duration.seconds(0),
        max_ttl=Duration.seconds(max(cdn.static_ttl_seconds, 31_536_000)),
        enable_accept_encoding_gzip=True,
        enable_accept_encoding_brotli=True,
    )
    # API responses are keyed on the spec's values and on the caller's token, so one
    # user's cached answer is never served to another.
    api_policy = cloudfront.CachePolicy(
        scope,
        "ApiCache",
        cache_policy_name=f"{prefix(spec)}-api",
        comment=f"API responses keyed on {', '.join(cdn.api_cache_keys)} and Authorization",
        default_ttl=Duration.seconds(cdn.api_ttl_seconds),
        min_ttl=Duration.seconds(0),
        max_ttl=Duration.seconds(cdn.api_ttl_seconds),
        query_string_behavior=cloudfront.CacheQueryStringBehavior.allow_list(*cdn.api_cache_keys),
        header_behavior=cloudfront.CacheHeaderBehavior.allow_list("Authorization"),
        enable_accept_encoding_gzip=True,
        enable_accept_encoding_brotli=True,
    )
    api_origin: cloudfront.IOrigin
    if endpoint is not None:
        api_origin = origins.HttpOrigin(
            endpoint.domain,
            origin_path=endpoint.origin_path,
            protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            origin_ssl_protocols=[cloudfront.OriginSslPolicy.TLS_V1_2],
            custom_headers=(
                {endpoint.secret_header: endpoint.origin.value}
                if endpoint.origin is not None
                else None
            ),
        )
    else:
        api_origin = origins.VpcOrigin.with_network_load_balancer(
            ctx.ingress.nlb,
            vpc_origin_name=f"{prefix(spec)}-ingress",
            protocol_policy=cloudfront.OriginProtocolPolicy.HTTP_ONLY,
            http_port=LISTENER_PORT,
        )
    acl_arn = None
    if spec.edge.waf.enabled:
        acl_arn = web_acl(scope, spec, "CLOUDFRONT", ctx.logs_key).attr_arn
    certificate: acm.Certificate | None = None
    domain_names: list[str] | None = None
    if ctx.zone is not None and spec.edge.domain_name:
        domain_names = [spec.edge.domain_name]
        certificate = acm.Certificate(
            scope,
            "Certificate",
            domain_name=spec.edge.domain_name,
            validation=acm.CertificateValidation.from_dns(ctx.zone),
        )
    made = cloudfront.Distribution(
        scope,
        "Distribution",
        comment=f"{prefix(spec)} edge ({spec.edge.api_gateway})",
        default_behavior=cloudfront.BehaviorOptions(
            origin=static_origin(ctx, static),
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            cache_policy=static_policy,
            compress=True,
        ),
        additional_behaviors={
            "/v1/*": cloudfront.BehaviorOptions(
                origin=api_origin,
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                cached_methods=cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
                cache_policy=api_policy,
                origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
                compress=True,
            )
        },
        price_class=PRICE_CLASSES[cdn.price_class],
        minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
        http_version=cloudfront.HttpVersion.HTTP2_AND_3,
        enable_logging=True,
        log_bucket=ctx.log_bucket,
        log_file_prefix="cloudfront/",
        web_acl_id=acl_arn,
        domain_names=domain_names,
        certificate=certificate,
    )
    if replicates_static_content(spec):
        Annotations.of(made).acknowledge_warning(
            "@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac",
            "The replica's policy is written by the DR stack (DrStack._static_replica).",
        )
    if ctx.zone is not None and spec.edge.domain_name:
        distribution_aliases(scope, ctx.zone, spec.edge.domain_name, made)
    _acknowledge(ctx, made, certificate, endpoint)
    if endpoint is not None and endpoint.origin is not None:
        # Rotated every 90 days where the API's check allows it (constructs/origin_rotation.py).
        endpoint.origin.keep_fresh(made, endpoint.secret_header, acl_arn)
    CfnOutput(scope, "DistributionDomainName", value=made.distribution_domain_name)
    return made


# CloudFront sends a request to the failover origin when the primary answers one of these
# codes, or when it cannot connect (3 attempts of 10 s by default) or the response times out,
# and only for GET, HEAD and OPTIONS; the next request tries the primary again.
# https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html
# https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/RequestAndResponseBehaviorOriginGroups.html
# 5xx only: a 403 (a missing object, OAC without ListBucket) or 404 is the same in the replica.
FAILOVER_STATUS_CODES = [500, 502, 503, 504]


def static_origin(ctx: EdgeContext, static: s3.Bucket) -> cloudfront.IOrigin:
    """The static bucket through origin access control; with a replica, an origin group whose
    failover member is the replica in the DR region, through the same OAC.

    CDK: `origins.OriginGroup(primary_origin, fallback_origin, fallback_status_codes)` and
    `origins.S3BucketOrigin.with_origin_access_control(bucket, origin_access_control=...)`
    (https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_cloudfront_origins.OriginGroup.html,
    https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_cloudfront_origins-readme.html).
    The replica is imported by its deterministic name and region (it lives in the DR stack, in
    another region: no cross-region reference); CDK cannot write an imported bucket's policy, so
    the DR stack's replica policy admits the distribution (chariot.infra.stacks.dr).
    """
    spec = ctx.spec
    access = cloudfront.S3OriginAccessControl(
        ctx.scope,
        "StaticOriginAccess",
        description="CloudFront reads the static content and its DR replica",
        signing=cloudfront.Signing.SIGV4_ALWAYS,
    )
    primary = origins.S3BucketOrigin.with_origin_access_control(
        static, origin_access_control=access
    )
    if not replicates_static_content(spec):
        return primary
    replica = s3.Bucket.from_bucket_attributes(
        ctx.scope,
        "StaticReplica",
        bucket_name=static_replica_bucket_name(spec),
        region=spec.dr.dr_region,
    )
    return origins.OriginGroup(
        primary_origin=primary,
        fallback_origin=origins.S3BucketOrigin.with_origin_access_control(
            replica, origin_access_control=access
        ),
        fallback_status_codes=FAILOVER_STATUS_CODES,
    )


def _acknowledge(
    ctx: EdgeContext,
    made: cloudfront.Distribution,
    certificate: acm.Certificate | None,
    endpoint: ApiEndpoint | None,
) -> None:
    reasons = {
        "AwsSolutions-CFR1": (
            "The platform serves a global audience; there is no country it must refuse."
        ),
    }
    if certificate is None:
        reasons["AwsSolutions-CFR4"] = (
            "Without a custom domain (spec.edge.domain_name) CloudFront serves its default "
            "*.cloudfront.net certificate, whose viewer TLS policy cannot be chosen; "
            "viewers are redirected to HTTPS (the API behaviour is HTTPS only)."
        )
    if not ctx.spec.edge.waf.enabled:
        reasons["AwsSolutions-CFR2"] = (
            "The spec turns the WAF off (edge.waf.enabled: false), e.g. outside us-east-1 "
            "where CloudFront's web ACL cannot be created by this stack."
        )
    if endpoint is None:
        reasons["AwsSolutions-CFR5"] = (
            "The API origin is a CloudFront VPC origin spoken to in plain HTTP on port 80 "
            "(no SSLv3/TLSv1, and no TLS at all): the internal NLB has no certificate, see "
            "its ELBv2ACMCertificateRequired reason. The NLB has no internet route."
        )
    acknowledge(made, reasons)
