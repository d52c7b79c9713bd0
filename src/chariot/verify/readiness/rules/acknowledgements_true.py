"""A reason given to silence a finding (cdk-nag or readiness) is true of its resource, as far as
a template can tell.

Two kinds of false reason are checkable:
- **Encryption claimed on a plain hop.** A finding about encryption in transit (an ELB listener
  without a certificate, a CloudFront origin protocol, an API's backend TLS) silenced with a
  reason that speaks of TLS, mTLS, HTTPS or encryption, while the resource carries plain traffic:
  an ELB whose listeners are all TCP/HTTP/UDP, a distribution with an `http-only` origin, a REST
  API with an `http://` integration. Such a reason must say the hop is plain (words like
  "plain", "unencrypted", "no TLS"), not imply it is protected.
- **A reason about another resource.** A reason that opens by pointing at its resource ("This
  bucket ...", "Internal NLB: ...", "This is the access-log bucket") must name the kind of
  resource it is attached to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from chariot.verify.readiness.base import Platform, Resource, Result, Violation, as_list

TRANSIT_RULE = re.compile(r"ACMCertificate|TLS|Tls|HTTPS|Https|SSL|CFR5")
CLAIMS_ENCRYPTION = re.compile(r"\b(m?TLS|SSL|HTTPS|[Ee]ncrypt(ed|s|ion)?)\b")
SAYS_PLAIN = re.compile(
    r"\b(plain|unencrypted|not encrypted|no (TLS|SSL|encryption)|without (TLS|SSL))\b", re.I
)
PLAIN_LISTENER = {"TCP", "HTTP", "UDP", "TCP_UDP"}
# The kind a reason names as its subject -> the CloudFormation namespace of that kind.
KINDS = {
    "bucket": "AWS::S3::",
    "NLB": "AWS::ElasticLoadBalancingV2::",
    "ALB": "AWS::ElasticLoadBalancingV2::",
    "load balancer": "AWS::ElasticLoadBalancingV2::",
    "queue": "AWS::SQS::",
    "topic": "AWS::SNS::",
    "trail": "AWS::CloudTrail::",
    "key": "AWS::KMS::",
    "table": "AWS::DynamoDB::",
    "distribution": "AWS::CloudFront::",
    "secret": "AWS::SecretsManager::",
}
SUBJECT = re.compile(
    r"^(?:This|Internal)\s+(?:is\s+(?:the|a|an)\s+)?(?:[\w-]+\s+){0,3}?("
    + "|".join(re.escape(k) for k in KINDS)
    + r")\b"
)


def reasons(resource: Resource) -> dict[str, str]:
    """Every acknowledged rule on `resource` with its reason: cdk-nag's and readiness's."""
    found = {
        str(item.get("id", "")).partition("::")[2]: str(item.get("reason", ""))
        for item in as_list(resource.metadata.get("cdk_nag", {}).get("rules_to_suppress"))
        if isinstance(item, dict)
    }
    return {**found, **resource.acknowledgements}


def plain_traffic(platform: Platform, resource: Resource) -> str | None:
    """What plain traffic `resource` carries, or None when nothing shows it is plain."""
    template = resource.template
    if resource.type == "AWS::ElasticLoadBalancingV2::LoadBalancer":
        listeners = [
            listener
            for listener in template.of_type("AWS::ElasticLoadBalancingV2::Listener")
            if (t := platform.target(template, listener.get("LoadBalancerArn"))) is not None
            and t.resource is resource
        ]
        protocols = {str(listener.get("Protocol")) for listener in listeners}
        if listeners and protocols <= PLAIN_LISTENER:
            ports = ", ".join(f"{x.get('Protocol')}:{x.get('Port')}" for x in listeners)
            return f"its listeners are plain ({ports})"
    if resource.type == "AWS::CloudFront::Distribution":
        for origin in as_list(resource.get("DistributionConfig", "Origins")):
            if not isinstance(origin, dict):
                continue
            policy = (origin.get("CustomOriginConfig") or {}).get("OriginProtocolPolicy")
            vpc = platform.target(
                template, (origin.get("VpcOriginConfig") or {}).get("VpcOriginId")
            )
            if vpc is not None:
                policy = vpc.resource.get("VpcOriginEndpointConfig", "OriginProtocolPolicy")
            if policy == "http-only":
                return f"its origin {origin.get('Id')} is http-only"
    if resource.type == "AWS::ApiGateway::RestApi":
        for method in template.of_type("AWS::ApiGateway::Method"):
            target = platform.target(template, method.get("RestApiId"))
            uri = platform.text(template, method.get("Integration", "Uri"), "?") or ""
            if target is not None and target.resource is resource and uri.startswith("http://"):
                return f"its integration {uri} is plain HTTP"
    return None


def check(platform: Platform) -> Iterator[Result]:
    for resource in platform.resources():
        given = reasons(resource)
        if not given:
            continue
        plain = None
        for rule, reason in given.items():
            if TRANSIT_RULE.search(rule) and CLAIMS_ENCRYPTION.search(reason):
                plain = plain or plain_traffic(platform, resource)
                if plain is not None and not SAYS_PLAIN.search(reason):
                    yield Violation(
                        resource,
                        f"acknowledges [{rule}] with a reason that speaks of encryption "
                        f"({reason!r}), but {plain}: say the hop is plain and why that is "
                        "accepted, or encrypt it",
                    )
            subject = SUBJECT.match(reason.strip())
            if subject is not None and not resource.type.startswith(KINDS[subject.group(1)]):
                yield Violation(
                    resource,
                    f"acknowledges [{rule}] with a reason about a {subject.group(1)} "
                    f"({reason!r}), but this resource is a {resource.type}",
                )
