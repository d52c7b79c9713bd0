"""An API behind CloudFront (and its WAF and rate limit) has no other public entry.

An API Gateway API that is a CloudFront origin still answers on its own addresses: the default
`execute-api` endpoint unless `DisableExecuteApiEndpoint` is set, and every custom domain mapped
to it (https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-disable-default-endpoint.html).
A caller who uses one of them skips CloudFront's WAF and rate limit. So while any such entry
exists, every route must require what only CloudFront sends: an origin custom header
(https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/add-origin-custom-headers.html)
checked by the route's REQUEST authorizer (HTTP API) or the stage's API key in `x-api-key`
(REST API, every method `ApiKeyRequired`). An origin that names a disabled default endpoint is
reported too: CloudFront could not reach it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from chariot.verify.readiness.base import (
    Platform,
    Resource,
    Result,
    Template,
    Violation,
    as_list,
    iter_values,
)

HTTP_API = "AWS::ApiGatewayV2::Api"
REST_API = "AWS::ApiGateway::RestApi"
API_KEY_HEADER = "x-api-key"


@dataclass
class Entry:
    """An API that is some distribution's origin, and how CloudFront reaches it."""

    api: Resource
    headers: set[str] = field(default_factory=set)
    via_execute_api: bool = False


def _refs(value: Any) -> set[str]:
    return {
        node["Ref"]
        for node in iter_values(value)
        if isinstance(node, dict) and isinstance(node.get("Ref"), str)
    }


def _refers(platform: Platform, template: Template, value: Any, target: Resource) -> bool:
    found = platform.target(template, value)
    return found is not None and found.resource is target


def _custom_domains(platform: Platform, api: Resource) -> dict[str, Resource]:
    """Domain name -> the domain resource, for every custom domain mapped to `api`."""
    template, domains = api.template, {}
    mappings = platform.resources(
        "AWS::ApiGatewayV2::ApiMapping", "AWS::ApiGateway::BasePathMapping"
    )
    for mapping in mappings:
        api_ref = mapping.get("ApiId") or mapping.get("RestApiId")
        if mapping.template is not template or not _refers(platform, template, api_ref, api):
            continue
        target = platform.target(template, mapping.get("DomainName"))
        if target is not None:
            name = platform.text(template, target.resource.get("DomainName"))
            if name:
                domains[name] = target.resource
    return domains


def _origins(platform: Platform) -> list[Entry]:
    apis = platform.resources(HTTP_API, REST_API)
    entries: dict[int, Entry] = {}
    for distribution in platform.resources("AWS::CloudFront::Distribution"):
        template = distribution.template
        for origin in as_list(distribution.get("DistributionConfig", "Origins")):
            if not isinstance(origin, dict) or "CustomOriginConfig" not in origin:
                continue
            domain = origin.get("DomainName")
            headers = {
                str(h.get("HeaderName", "")).lower()
                for h in as_list(origin.get("OriginCustomHeaders"))
                if isinstance(h, dict)
            }
            for api in apis:
                if api.template is not template:
                    continue
                via_execute_api = api.logical_id in _refs(domain)
                by_name = platform.text(template, domain) in _custom_domains(platform, api)
                if via_execute_api or by_name:
                    entry = entries.setdefault(id(api), Entry(api))
                    entry.headers |= headers
                    entry.via_execute_api |= via_execute_api
    return list(entries.values())


def _public_entries(platform: Platform, api: Resource) -> list[str]:
    entries = []
    private = "PRIVATE" in as_list(api.get("EndpointConfiguration", "Types"))
    if api.get("DisableExecuteApiEndpoint") is not True and not private:
        entries.append("its default execute-api endpoint")
    entries += [f"the custom domain {name}" for name in _custom_domains(platform, api)]
    return entries


def _unguarded_http_routes(platform: Platform, entry: Entry) -> list[str]:
    template, unguarded = entry.api.template, []
    for route in template.of_type("AWS::ApiGatewayV2::Route"):
        if not _refers(platform, template, route.get("ApiId"), entry.api):
            continue
        authorizer = platform.target(template, route.get("AuthorizerId"))
        sources = (
            as_list(authorizer.resource.get("IdentitySource")) if authorizer is not None else []
        )
        checked = {
            str(s).removeprefix("$request.header.").lower()
            for s in sources
            if str(s).startswith("$request.header.")
        }
        guarded = (
            route.get("AuthorizationType") == "CUSTOM"
            and authorizer is not None
            and authorizer.resource.get("AuthorizerType") == "REQUEST"
            and bool(checked & entry.headers)
        )
        if not guarded:
            unguarded.append(str(route.get("RouteKey")))
    return unguarded


def _unguarded_rest_methods(platform: Platform, entry: Entry) -> list[str]:
    template, unguarded = entry.api.template, []
    sends_key = API_KEY_HEADER in entry.headers
    for method in template.of_type("AWS::ApiGateway::Method"):
        if not _refers(platform, template, method.get("RestApiId"), entry.api):
            continue
        if method.get("HttpMethod") == "OPTIONS":
            continue  # CORS preflights carry no credentials
        if not (sends_key and method.get("ApiKeyRequired") is True):
            unguarded.append(f"{method.get('HttpMethod')} {method.logical_id}")
    return unguarded


def check(platform: Platform) -> Iterator[Result]:
    for entry in _origins(platform):
        api = entry.api
        if entry.via_execute_api and api.get("DisableExecuteApiEndpoint") is True:
            yield Violation(
                api,
                "CloudFront's origin is this API's execute-api endpoint, which is disabled: "
                "CloudFront cannot reach it; point the origin at the API's custom domain",
            )
        entries = _public_entries(platform, api)
        if not entries:
            continue
        if api.type == HTTP_API:
            unguarded = _unguarded_http_routes(platform, entry)
            need = "a REQUEST authorizer on a header CloudFront adds as an origin custom header"
        else:
            unguarded = _unguarded_rest_methods(platform, entry)
            need = "ApiKeyRequired with CloudFront sending the key as x-api-key"
        if unguarded:
            shown = ", ".join(unguarded[:3]) + (" ..." if len(unguarded) > 3 else "")
            yield Violation(
                api,
                f"the API is CloudFront's origin but also answers at {' and '.join(entries)}, "
                f"so callers there skip CloudFront's WAF and rate limit: {len(unguarded)} "
                f"route(s) ({shown}) do not require {need}",
            )
