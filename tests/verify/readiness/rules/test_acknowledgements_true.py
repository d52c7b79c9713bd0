"""Suppression reasons must not claim encryption on a plain hop nor describe another resource."""

from __future__ import annotations

from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import Violation
from tests.verify.readiness.fixtures import platform, resource, results, template

RULE = "acknowledgements-true"
CERT_RULE = "NIST.800.53.R5::NIST.800.53.R5-ELBv2ACMCertificateRequired"


def _nag(rule: str, reason: str) -> dict[str, Any]:
    return {"cdk_nag": {"rules_to_suppress": [{"id": rule, "reason": reason}]}}


def _nlb(reason: str, protocol: str = "TCP") -> dict[str, dict[str, Any]]:
    return {
        "Nlb": resource(
            "AWS::ElasticLoadBalancingV2::LoadBalancer", _nag(CERT_RULE, reason), Type="network"
        ),
        "Listener": resource(
            "AWS::ElasticLoadBalancingV2::Listener",
            LoadBalancerArn={"Ref": "Nlb"},
            Protocol=protocol,
            Port=80 if protocol == "TCP" else 443,
        ),
    }


MTLS_CLAIM = "Internal NLB: TLS ends at API Gateway and traffic inside the mesh is Istio mTLS."
HONEST = "Not encrypted, accepted: this hop is plain HTTP inside the VPC (no TLS listener)."


def test_an_honest_reason_on_a_plain_listener_passes(spec: PlatformSpec) -> None:
    assert results(RULE, platform(spec, template("edge", _nlb(HONEST)))) == []


def test_a_tls_claim_on_a_plain_listener_fails(spec: PlatformSpec) -> None:
    (found,) = results(RULE, platform(spec, template("edge", _nlb(MTLS_CLAIM))))
    assert isinstance(found, Violation)
    assert "[NIST.800.53.R5-ELBv2ACMCertificateRequired]" in found.reason
    assert "its listeners are plain (TCP:80)" in found.reason


def test_a_tls_claim_on_a_tls_listener_is_not_judged(spec: PlatformSpec) -> None:
    assert results(RULE, platform(spec, template("edge", _nlb(MTLS_CLAIM, "TLS")))) == []


def test_an_http_only_cloudfront_origin_counts_as_plain(spec: PlatformSpec) -> None:
    origin = {"Id": "api", "CustomOriginConfig": {"OriginProtocolPolicy": "http-only"}}
    distribution = resource(
        "AWS::CloudFront::Distribution",
        _nag("AwsSolutions::AwsSolutions-CFR5", "Origins are reached over TLS 1.2."),
        DistributionConfig={"Origins": [origin]},
    )
    (found,) = results(RULE, platform(spec, template("edge", {"Cdn": distribution})))
    assert "its origin api is http-only" in found.reason


def test_a_reason_about_another_kind_of_resource_fails(spec: PlatformSpec) -> None:
    rule = "NIST.800.53.R5::NIST.800.53.R5-S3BucketReplicationEnabled"
    bucket = resource("AWS::S3::Bucket", _nag(rule, "This bucket keeps logs in one region."))
    policy = resource("AWS::S3::BucketPolicy", _nag(rule, "This bucket keeps logs in one region."))
    queue = resource("AWS::SQS::Queue", _nag(rule, "This is the access-log bucket."))
    target = platform(spec, template("security", {"B": bucket, "P": policy, "Q": queue}))
    (found,) = results(RULE, target)
    assert found.subject.logical_id == "Q"  # type: ignore[union-attr]
    assert "a reason about a bucket" in found.reason
    assert "this resource is a AWS::SQS::Queue" in found.reason
