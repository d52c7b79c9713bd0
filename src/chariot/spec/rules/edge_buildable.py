"""The edge can be built as configured: CloudFront's WAF and certificate live in us-east-1, the
rest edge authorizes only with its own Cognito pool, a custom domain comes with the hosted zone
that holds it, and an edge without an API gateway keeps CloudFront as its way in.

These used to be refused only while the edge stack was synthesized; here `chariot spec
validate` refuses them too, with the field to change.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation

# CloudFront accepts a web ACL and an ACM certificate only from us-east-1:
# https://docs.aws.amazon.com/waf/latest/developerguide/how-aws-waf-works-resources.html
# https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html
CLOUDFRONT_REGION = "us-east-1"


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    edge = spec.edge
    if edge.cdn.enabled and edge.waf.enabled and spec.region != CLOUDFRONT_REGION:
        yield (
            ("region",),
            f"CloudFront's WAF web ACL must live in {CLOUDFRONT_REGION}; this edge is built "
            f"in the platform's region ({spec.region}): deploy in us-east-1 or set "
            "edge.waf.enabled: false",
        )
    if edge.api_gateway == "rest" and edge.jwt.issuer is not None:
        yield (
            ("edge", "jwt", "issuer"),
            "the rest edge authorizes with the Cognito user pool it creates; an external "
            "issuer needs the http edge (JWT authorizer)",
        )
    if (edge.domain_name is None) != (edge.hosted_zone is None):
        yield (
            ("edge", "domain_name" if edge.domain_name is None else "hosted_zone"),
            "domain_name and hosted_zone are set together (or both left out for the "
            "CloudFront domain)",
        )
    if edge.domain_name is not None and edge.hosted_zone is not None:
        inside = edge.domain_name == edge.hosted_zone or edge.domain_name.endswith(
            f".{edge.hosted_zone}"
        )
        if not inside:
            yield (
                ("edge", "domain_name"),
                f"{edge.domain_name} is not inside the hosted zone {edge.hosted_zone}",
            )
        if spec.region != CLOUDFRONT_REGION:
            yield (
                ("region",),
                f"CloudFront's certificate must be issued in {CLOUDFRONT_REGION}; this edge "
                f"is built in {spec.region}: deploy in us-east-1 or leave edge.domain_name empty",
            )
    if edge.api_gateway == "none" and not edge.cdn.enabled:
        yield (
            ("edge", "cdn", "enabled"),
            "with api_gateway 'none' CloudFront is the only way in; it cannot be disabled",
        )
