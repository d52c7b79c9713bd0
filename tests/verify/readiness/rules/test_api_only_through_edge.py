"""An API that is CloudFront's origin admits only CloudFront on every other public entry."""

from __future__ import annotations

from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import Violation
from tests.verify.readiness.fixtures import platform, resource, results, template

RULE = "api-only-through-edge"
EXECUTE_API = {"Fn::Join": ["", [{"Ref": "Api"}, ".execute-api.us-east-1.amazonaws.com"]]}


def _distribution(domain: Any, headers: dict[str, str] | None = None) -> dict[str, Any]:
    origin: dict[str, Any] = {
        "Id": "api",
        "DomainName": domain,
        "CustomOriginConfig": {"OriginProtocolPolicy": "https-only"},
    }
    if headers:
        origin["OriginCustomHeaders"] = [
            {"HeaderName": k, "HeaderValue": v} for k, v in headers.items()
        ]
    return resource("AWS::CloudFront::Distribution", DistributionConfig={"Origins": [origin]})


def _http(
    *, authorizer: dict[str, Any] | None, disabled: bool = False, **distribution: Any
) -> dict[str, dict[str, Any]]:
    api_props: dict[str, Any] = {"ProtocolType": "HTTP"}
    if disabled:
        api_props["DisableExecuteApiEndpoint"] = True
    route: dict[str, Any] = {"ApiId": {"Ref": "Api"}, "RouteKey": "ANY /v1/users"}
    resources = {
        "Api": resource("AWS::ApiGatewayV2::Api", **api_props),
        "Cdn": _distribution(**distribution),
    }
    if authorizer is not None:
        resources["Auth"] = resource("AWS::ApiGatewayV2::Authorizer", **authorizer)
        route.update(AuthorizationType="CUSTOM", AuthorizerId={"Ref": "Auth"})
    else:
        route.update(AuthorizationType="JWT")
    resources["Route"] = resource("AWS::ApiGatewayV2::Route", **route)
    return resources


SECRET_AUTHORIZER = {
    "AuthorizerType": "REQUEST",
    "IdentitySource": ["$request.header.x-origin-verify"],
}


def test_http_api_whose_routes_check_the_origin_header_passes(spec: PlatformSpec) -> None:
    resources = _http(
        authorizer=SECRET_AUTHORIZER, domain=EXECUTE_API, headers={"X-Origin-Verify": "s"}
    )
    assert results(RULE, platform(spec, template("edge", resources))) == []


def test_http_api_open_at_execute_api_fails(spec: PlatformSpec) -> None:
    resources = _http(authorizer=None, domain=EXECUTE_API)
    (found,) = results(RULE, platform(spec, template("edge", resources)))
    assert isinstance(found, Violation)
    assert "also answers at its default execute-api endpoint" in found.reason
    assert "ANY /v1/users" in found.reason


def test_header_checked_must_be_the_one_cloudfront_sends(spec: PlatformSpec) -> None:
    resources = _http(authorizer=SECRET_AUTHORIZER, domain=EXECUTE_API, headers={"x-other": "s"})
    (found,) = results(RULE, platform(spec, template("edge", resources)))
    assert "do not require a REQUEST authorizer" in found.reason


def test_custom_domain_is_a_public_entry_too(spec: PlatformSpec) -> None:
    resources = _http(authorizer=None, disabled=True, domain="origin.example.com")
    resources["Domain"] = resource("AWS::ApiGatewayV2::DomainName", DomainName="origin.example.com")
    resources["Mapping"] = resource(
        "AWS::ApiGatewayV2::ApiMapping", ApiId={"Ref": "Api"}, DomainName={"Ref": "Domain"}
    )
    (found,) = results(RULE, platform(spec, template("edge", resources)))
    assert "also answers at the custom domain origin.example.com" in found.reason


def test_origin_on_a_disabled_execute_api_endpoint_is_unreachable(spec: PlatformSpec) -> None:
    resources = _http(authorizer=None, disabled=True, domain=EXECUTE_API)
    (found,) = results(RULE, platform(spec, template("edge", resources)))
    assert "which is disabled: CloudFront cannot reach it" in found.reason


def _rest(key_required: bool, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    return {
        "Api": resource("AWS::ApiGateway::RestApi", Name="api"),
        "Get": resource(
            "AWS::ApiGateway::Method",
            RestApiId={"Ref": "Api"},
            HttpMethod="ANY",
            ApiKeyRequired=key_required,
        ),
        "Cdn": _distribution(EXECUTE_API, headers),
    }


def test_rest_api_requiring_the_key_cloudfront_sends_passes(spec: PlatformSpec) -> None:
    target = platform(spec, template("edge", _rest(True, {"x-api-key": "s"})))
    assert results(RULE, target) == []


def test_rest_api_without_the_key_fails(spec: PlatformSpec) -> None:
    for resources in (_rest(False, {"x-api-key": "s"}), _rest(True, {})):
        (found,) = results(RULE, platform(spec, template("edge", resources)))
        assert "ApiKeyRequired with CloudFront sending the key as x-api-key" in found.reason
