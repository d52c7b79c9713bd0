"""AWS::Route53::HealthCheck: a monthly fee per endpoint check, plus one per optional feature
(HTTPS, string matching, the 10-second interval, latency measurement); an AWS endpoint (what
the edge's failover check watches: an API Gateway domain) costs less than any other. The price
list bills AWS-endpoint checks after the first 50 of an account; chariot does not count those
as free, since other checks of the account may use them.
https://aws.amazon.com/route53/pricing/
"""

from __future__ import annotations

from chariot.plan.cost.mapping import Context, Mapping, Unpriced
from chariot.plan.cost.model import CostLine, Resource

COMPONENT = "Route 53 Health Checks"
ENDPOINT_TYPES = ("HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP")


def _options(config: dict[str, object]) -> list[str]:
    kind = str(config.get("Type"))
    options = []
    if kind.startswith("HTTPS"):
        options.append("HTTPS")
    if kind.endswith("STR_MATCH"):
        options.append("string matching")
    if config.get("RequestInterval") == 10:
        options.append("10 s interval")
    if config.get("MeasureLatency") is True:
        options.append("latency measurement")
    return options


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    config = resource.literal("HealthCheckConfig") or {}
    if not isinstance(config, dict) or config.get("Type") not in ENDPOINT_TYPES:
        kind = config.get("Type") if isinstance(config, dict) else None
        raise Unpriced(f"health check type {kind!r}: only endpoint checks are priced")
    # An endpoint named by another resource's attribute (a Ref or GetAtt) is an AWS resource;
    # a literal name or address may be anywhere, so it is priced as a non-AWS endpoint.
    target = config.get("FullyQualifiedDomainName") or config.get("IPAddress")
    aws = isinstance(target, dict)
    where = "aws" if aws else "other"
    endpoint = "an AWS endpoint" if aws else "an endpoint outside AWS (a literal name)"
    lines = [
        ctx.line(
            COMPONENT, resource, f"{config['Type']} check of {endpoint}", 1, f"route53.hc.{where}"
        )
    ]
    options = _options(config)
    if options:
        lines.append(
            ctx.line(
                COMPONENT,
                resource,
                f"optional features: {', '.join(options)}",
                len(options),
                f"route53.hc.{where}.option",
            )
        )
    return lines


MAPPING = Mapping("AWS::Route53::HealthCheck", COMPONENT, (), price)
