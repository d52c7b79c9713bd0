"""The edge's intent in all three modes: WAF, CloudFront cache keys, API routes and throttling,
the authorizer, and the internal NLB whose target group the Istio gateway pods join."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chariot.infra.edge.ingress import target_group_binding
from chariot.spec import scopes
from tests.conftest import Synthesized
from tests.infra.conftest import VARIANT_DOMAIN, VARIANT_ZONE_ID
from tests.infra.crd_schema import errors

SERVICES = ("users", "assets", "vulnerabilities")
MODES = ("http", "rest", "none")


def _one(env: Synthesized, kind: str) -> dict[str, Any]:
    (resource,) = env.resources("edge", kind).values()
    props: dict[str, Any] = resource["Properties"]
    return props


def _kinds(env: Synthesized) -> set[str]:
    return {r["Type"] for r in env.json("edge")["Resources"].values()}


# ---------------------------------------------------------------- every mode


@pytest.mark.parametrize("mode", MODES)
def test_the_template_names_its_mode(edge_modes: dict[str, Synthesized], mode: str) -> None:
    template = edge_modes[mode].json("edge")
    assert template["Outputs"]["EdgeMode"]["Value"] == mode
    assert f"(mode: {mode})" in template["Description"]


@pytest.mark.parametrize("mode", MODES)
def test_internal_nlb_with_ip_target_group_for_the_istio_gateway(
    edge_modes: dict[str, Synthesized], mode: str
) -> None:
    env = edge_modes[mode]
    nlb = _one(env, "AWS::ElasticLoadBalancingV2::LoadBalancer")
    assert nlb["Scheme"] == "internal"
    assert nlb["Type"] == "network"
    attributes = {a["Key"]: a["Value"] for a in nlb["LoadBalancerAttributes"]}
    assert attributes["access_logs.s3.enabled"] == "true"
    assert attributes["deletion_protection.enabled"] == "true"
    group = _one(env, "AWS::ElasticLoadBalancingV2::TargetGroup")
    assert group["TargetType"] == "ip"
    # The port the gateway pods listen on (IngressGateway.http_port from the add-ons stack).
    assert (group["Port"], group["Protocol"]) == (80, "TCP")
    assert (group["HealthCheckPort"], group["HealthCheckPath"]) == ("15021", "/healthz/ready")
    outputs = env.json("edge")["Outputs"]
    target_group_id = next(iter(env.resources("edge", "AWS::ElasticLoadBalancingV2::TargetGroup")))
    assert outputs["IngressTargetGroupArn"]["Value"] == {"Ref": target_group_id}


@pytest.mark.parametrize("mode", MODES)
def test_cloudfront_has_waf_logging_price_class_and_https(
    edge_modes: dict[str, Synthesized], mode: str
) -> None:
    env = edge_modes[mode]
    config = _one(env, "AWS::CloudFront::Distribution")["DistributionConfig"]
    assert config["PriceClass"] == "PriceClass_100"
    assert config["Logging"]["Prefix"] == "cloudfront/"
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    (acl_id,) = [
        k
        for k, r in env.resources("edge", "AWS::WAFv2::WebACL").items()
        if r["Properties"]["Scope"] == "CLOUDFRONT"
    ]
    assert config["WebACLId"] == {"Fn::GetAtt": [acl_id, "Arn"]}


def test_waf_has_the_managed_groups_then_the_spec_rate_limit(
    synthesized: dict[str, Synthesized],
) -> None:
    acl = _one(synthesized["prod"], "AWS::WAFv2::WebACL")
    rules = sorted(acl["Rules"], key=lambda r: r["Priority"])
    managed = [r["Statement"]["ManagedRuleGroupStatement"]["Name"] for r in rules[:-1]]
    assert managed == [
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesAmazonIpReputationList",
    ]
    rate = rules[-1]
    assert rate["Action"] == {"Block": {}}
    assert rate["Statement"]["RateBasedStatement"] == {
        "AggregateKeyType": "IP",
        "EvaluationWindowSec": 300,
        "Limit": 2000,
    }
    logging = _one(synthesized["prod"], "AWS::WAFv2::LoggingConfiguration")
    assert "aws-waf-logs-chariot-prod-cloudfront" in json.dumps(logging)


def test_api_responses_are_cached_by_the_seeds_keys_and_the_callers_token(
    synthesized: dict[str, Synthesized],
) -> None:
    policies = {
        r["Properties"]["CachePolicyConfig"]["Name"]: r["Properties"]["CachePolicyConfig"]
        for r in synthesized["prod"].resources("edge", "AWS::CloudFront::CachePolicy").values()
    }
    api = policies["chariot-prod-api"]
    assert api["DefaultTTL"] == api["MaxTTL"] == 300
    keys = api["ParametersInCacheKeyAndForwardedToOrigin"]
    assert keys["QueryStringsConfig"]["QueryStrings"] == ["user_id", "account_id"]
    assert keys["HeadersConfig"]["Headers"] == ["Authorization"]
    static = policies["chariot-prod-static"]
    assert static["DefaultTTL"] == 86400
    config = _one(synthesized["prod"], "AWS::CloudFront::Distribution")["DistributionConfig"]
    (api_behaviour,) = config["CacheBehaviors"]
    assert api_behaviour["PathPattern"] == "/v1/*"
    assert api_behaviour["ViewerProtocolPolicy"] == "https-only"


# ---------------------------------------------------------------- http


def test_http_mode_routes_every_service_under_v1_behind_the_origin_secret(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    routes = {
        r["Properties"]["RouteKey"]: r["Properties"]
        for r in env.resources("edge", "AWS::ApiGatewayV2::Route").values()
    }
    expected = {f"ANY /v1/{s}" for s in SERVICES} | {f"ANY /v1/{s}/{{proxy+}}" for s in SERVICES}
    assert set(routes) == expected
    assert {r["AuthorizationType"] for r in routes.values()} == {"CUSTOM"}
    authorizer = _one(env, "AWS::ApiGatewayV2::Authorizer")
    assert authorizer["AuthorizerType"] == "REQUEST"
    assert authorizer["IdentitySource"] == ["$request.header.x-origin-verify"]
    assert authorizer["EnableSimpleResponses"] is True
    # CloudFront adds the header from the secret, resolved by CloudFormation at deploy time.
    config = _one(env, "AWS::CloudFront::Distribution")["DistributionConfig"]
    (api_origin,) = [o for o in config["Origins"] if "CustomOriginConfig" in o]
    (header,) = api_origin["OriginCustomHeaders"]
    assert header["HeaderName"] == "x-origin-verify"
    assert "{{resolve:secretsmanager:" in json.dumps(header["HeaderValue"])
    # The JWT is checked by the mesh, against the issuer of these outputs (chariot.k8s.issuer).
    pool = next(iter(env.resources("edge", "AWS::Cognito::UserPool")))
    outputs = env.json("edge")["Outputs"]
    assert "https://cognito-idp.us-east-1.amazonaws.com/" in json.dumps(
        outputs["CognitoIssuerUrl"]["Value"]
    )
    assert outputs["CognitoUserPoolId"]["Value"] == {"Ref": pool}
    assert "/.well-known/jwks.json" in json.dumps(outputs["CognitoJwksUri"]["Value"])


def test_http_mode_throttles_each_route_at_the_services_rps_limit(
    synthesized: dict[str, Synthesized],
) -> None:
    stage = _one(synthesized["prod"], "AWS::ApiGatewayV2::Stage")
    settings = stage["RouteSettings"]
    assert len(settings) == 2 * len(SERVICES)
    for route in settings.values():
        assert route == {"ThrottlingRateLimit": 3400, "ThrottlingBurstLimit": 2000}
    assert stage["DefaultRouteSettings"]["ThrottlingRateLimit"] == 10000
    assert "DestinationArn" in stage["AccessLogSettings"]


def test_http_mode_integrates_privately_through_a_vpc_link_to_the_nlb_listener(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    integrations = env.resources("edge", "AWS::ApiGatewayV2::Integration").values()
    listener = next(iter(env.resources("edge", "AWS::ElasticLoadBalancingV2::Listener")))
    for integration in integrations:
        props = integration["Properties"]
        assert props["ConnectionType"] == "VPC_LINK"
        assert props["IntegrationUri"] == {"Ref": listener}
    assert "AWS::ApiGatewayV2::VpcLink" in _kinds(env)


def test_http_mode_maps_the_specs_headers_on_the_integration(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    (integration,) = env.resources("edge", "AWS::ApiGatewayV2::Integration").values()
    props = integration["Properties"]
    assert props["RequestParameters"] == {
        "overwrite:header.x-edge-request-id": "$context.requestId"
    }
    responses = props["ResponseParameters"]
    assert {"200", "404", "500", "503"} <= set(responses)
    assert responses["200"] == {
        "ResponseParameters": [
            {"Destination": "remove:header.server", "Source": "''"},
            {"Destination": "remove:header.x-envoy-upstream-service-time", "Source": "''"},
        ]
    }


def test_cognito_pool_requires_mfa_and_strong_passwords(
    synthesized: dict[str, Synthesized],
) -> None:
    pool = _one(synthesized["prod"], "AWS::Cognito::UserPool")
    assert pool["MfaConfiguration"] == "ON"
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] >= 12
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    # the API's scopes (issue 14 item 10) on a resource server, named as the services check them
    server = _one(synthesized["prod"], "AWS::Cognito::UserPoolResourceServer")
    assert server["Identifier"] == scopes.RESOURCE_SERVER
    declared = {f"{server['Identifier']}/{s['ScopeName']}" for s in server["Scopes"]}
    assert declared == set(scopes.ALL)


# ---------------------------------------------------------------- rest


def test_rest_mode_caches_on_the_stage_with_the_seeds_keys_and_has_its_own_waf(
    edge_modes: dict[str, Synthesized],
) -> None:
    env = edge_modes["rest"]
    stage = _one(env, "AWS::ApiGateway::Stage")
    assert stage["CacheClusterEnabled"] is True
    throttled = {
        s["ResourcePath"]: s
        for s in stage["MethodSettings"]
        if s.get("ThrottlingRateLimit") == 3400
    }
    assert len(throttled) == 2 * len(SERVICES)
    assert all(s["CachingEnabled"] and s["CacheDataEncrypted"] for s in throttled.values())
    methods = env.resources("edge", "AWS::ApiGateway::Method").values()
    routed = [m["Properties"] for m in methods if m["Properties"]["HttpMethod"] == "ANY"]
    assert len(routed) == 2 * len(SERVICES)
    for method in routed:
        assert method["AuthorizationType"] == "COGNITO_USER_POOLS"
        assert method["ApiKeyRequired"] is True  # the origin secret, sent only by CloudFront
        integration = method["Integration"]
        assert integration["ConnectionType"] == "VPC_LINK"
        assert integration["CacheKeyParameters"] == [
            "method.request.querystring.user_id",
            "method.request.querystring.account_id",
        ]
        mapped = integration["RequestParameters"]["integration.request.header.x-edge-request-id"]
        assert mapped == "context.requestId"
    scopes = {
        r["Properties"]["Scope"] for r in env.resources("edge", "AWS::WAFv2::WebACL").values()
    }
    assert scopes == {"CLOUDFRONT", "REGIONAL"}
    assert "AWS::WAFv2::WebACLAssociation" in _kinds(env)
    assert "AWS::ApiGatewayV2::Api" not in _kinds(env)
    # The REST VPC Link has no security group, so the NLB cannot filter its PrivateLink traffic.
    nlb = _one(env, "AWS::ElasticLoadBalancingV2::LoadBalancer")
    assert nlb["EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic"] == "off"


# ---------------------------------------------------------------- none


def test_none_mode_sends_cloudfront_straight_to_the_nlb_through_a_vpc_origin(
    edge_modes: dict[str, Synthesized],
) -> None:
    env = edge_modes["none"]
    kinds = _kinds(env)
    assert not any(k.startswith("AWS::ApiGateway") for k in kinds)
    assert "AWS::Cognito::UserPool" not in kinds
    origin = _one(env, "AWS::CloudFront::VpcOrigin")["VpcOriginEndpointConfig"]
    nlb = next(iter(env.resources("edge", "AWS::ElasticLoadBalancingV2::LoadBalancer")))
    assert origin["Arn"] == {"Ref": nlb}
    assert origin["OriginProtocolPolicy"] == "http-only"


def test_a_custom_domain_gets_a_dns_validated_certificate_tls12_and_alias_records(
    variant: Synthesized,
) -> None:
    certificates = {
        c["Properties"]["DomainName"]: c["Properties"]
        for c in variant.resources("edge", "AWS::CertificateManager::Certificate").values()
    }
    assert set(certificates) == {VARIANT_DOMAIN, f"origin.{VARIANT_DOMAIN}"}
    certificate = certificates[VARIANT_DOMAIN]
    assert certificate["ValidationMethod"] == "DNS"
    assert certificate["DomainValidationOptions"] == [
        {"DomainName": VARIANT_DOMAIN, "HostedZoneId": VARIANT_ZONE_ID}
    ]
    config = _one(variant, "AWS::CloudFront::Distribution")["DistributionConfig"]
    assert config["Aliases"] == [VARIANT_DOMAIN]
    assert config["ViewerCertificate"]["MinimumProtocolVersion"] == "TLSv1.2_2021"
    assert config["ViewerCertificate"]["SslSupportMethod"] == "sni-only"
    records = variant.resources("edge", "AWS::Route53::RecordSet").values()
    assert sorted(r["Properties"]["Name"] for r in records) == [
        f"{VARIANT_DOMAIN}.",
        f"{VARIANT_DOMAIN}.",
        f"origin.{VARIANT_DOMAIN}.",
    ]


def test_with_a_domain_the_api_is_reached_only_by_its_origin_domain(variant: Synthesized) -> None:
    """The default execute-api endpoint is off; CloudFront uses origin.<domain>, which still
    demands the origin secret (it is public too)."""
    assert _one(variant, "AWS::ApiGatewayV2::Api")["DisableExecuteApiEndpoint"] is True
    domain = _one(variant, "AWS::ApiGatewayV2::DomainName")
    assert domain["DomainName"] == f"origin.{VARIANT_DOMAIN}"
    assert domain["DomainNameConfigurations"][0]["SecurityPolicy"] == "TLS_1_2"
    config = _one(variant, "AWS::CloudFront::Distribution")["DistributionConfig"]
    (api_origin,) = [o for o in config["Origins"] if "CustomOriginConfig" in o]
    assert api_origin["DomainName"] == f"origin.{VARIANT_DOMAIN}"


def test_warm_standby_makes_the_api_origin_a_health_checked_failover_primary(
    variant: Synthesized,
) -> None:
    """origin.<domain> is the PRIMARY of a failover group: a CNAME with a 60 s TTL to this
    region's API custom domain, whose TCP health check runs every 30 s, 3 failures to switch."""
    assert variant.spec.dr.strategy == "warm_standby"
    records = variant.resources("edge", "AWS::Route53::RecordSet")
    (primary,) = [r["Properties"] for r in records.values() if "Failover" in r["Properties"]]
    (domain_id,) = variant.resources("edge", "AWS::ApiGatewayV2::DomainName")
    regional = {"Fn::GetAtt": [domain_id, "RegionalDomainName"]}
    assert primary["Name"] == f"origin.{VARIANT_DOMAIN}."
    assert (primary["Type"], primary["TTL"], primary["Failover"]) == ("CNAME", "60", "PRIMARY")
    assert primary["ResourceRecords"] == [regional]
    assert primary["SetIdentifier"] == "chariot-variant-api-us-east-1"
    check_id = primary["HealthCheckId"]["Ref"]
    check = variant.resources("edge", "AWS::Route53::HealthCheck")[check_id]["Properties"]
    config = check["HealthCheckConfig"]
    assert config["Type"] == "TCP"
    assert config["FullyQualifiedDomainName"] == regional
    assert (config["Port"], config["RequestInterval"], config["FailureThreshold"]) == (443, 30, 3)


# ---------------------------------------------------------------- gateway binding


def test_the_gateway_pods_join_the_target_group_through_a_target_group_binding(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    (binding,) = env.resources("edge", "Custom::AWSCDK-EKS-KubernetesResource").values()
    parts = binding["Properties"]["Manifest"]["Fn::Join"][1]
    target_group = next(iter(env.resources("edge", "AWS::ElasticLoadBalancingV2::TargetGroup")))
    assert {"Ref": target_group} in parts
    text = "".join(p for p in parts if isinstance(p, str))
    assert '"kind":"TargetGroupBinding"' in text
    assert '"targetType":"ip"' in text
    assert '"serviceRef":{"name":"istio-ingressgateway","port":80}' in text
    manifest = json.loads((env.outdir / "manifest.json").read_text())
    assert "chariot-prod-addons" in manifest["artifacts"]["chariot-prod-edge"]["dependencies"]


def test_the_target_group_binding_is_valid_against_the_pinned_crd() -> None:
    from chariot.infra.addons.base import IngressGateway

    gateway = IngressGateway(
        namespace="istio-ingress",
        service="istio-ingressgateway",
        http_port=80,
        https_port=443,
        pod_labels={"istio": "ingressgateway"},
        installed=[],
    )
    binding = target_group_binding(gateway, "arn:aws:elasticloadbalancing:tg", "sg-0123")
    assert errors(binding) == []
    ports = binding["spec"]["networking"]["ingress"][0]["ports"]
    assert [p["port"] for p in ports] == [80, 15021]
    broken = json.loads(json.dumps(binding))
    broken["spec"]["networking"]["ingress"][0]["ports"][0]["protocol"] = "SCTP"
    assert any("SCTP" in e for e in errors(broken))
