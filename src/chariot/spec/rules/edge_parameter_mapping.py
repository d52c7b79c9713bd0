"""`edge.parameter_mapping` is what API Gateway accepts for the configured API.

HTTP APIs map request headers with `overwrite|remove:header.<name>` and, per status code,
response headers; values are `$request.header.<name>`, `$request.querystring.<name>`,
`$request.path[.<name>]`, `$context.<variable>` (letters, digits, `.` and `_` only),
`$stageVariables.<name>` or a constant, and the reserved headers below cannot be mapped
(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html).
A REST API's HTTP_PROXY integration takes request header mappings only
(`integration.request.header.<name>` from `context.<variable>`, `method.request.header.<name>`
or a quoted constant) and passes the backend's response through unchanged
(https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html);
with `api_gateway: none` there is no API Gateway to map anything.

`x-request-id` is refused as a target: the Istio ingress gateway replaces it on every request
from outside the mesh (Envoy does not preserve an external request id by default:
envoyproxy/envoy#6050, istio/istio#10875), so the mapping would never reach a service.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from chariot.spec.model import ParameterMapping, PlatformSpec
from chariot.spec.rules.base import Context, Violation

RESERVED = frozenset(
    {
        "authorization",
        "connection",
        "content-encoding",
        "content-length",
        "content-location",
        "forwarded",
        "keep-alive",
        "origin",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailers",
        "transfer-encoding",
        "upgrade",
        "x-forwarded-for",
        "x-forwarded-host",
        "x-forwarded-proto",
        "via",
    }
)
RESERVED_PREFIXES = ("access-control-", "apigw-", "x-amz-", "x-amzn-")
REPLACED_BY_THE_GATEWAY = "x-request-id"

_NAME = r"[A-Za-z0-9._-]+"
CONTEXT = re.compile(r"^\$context\.[A-Za-z0-9._]+$")
HTTP_REQUEST = re.compile(
    rf"^\$(request\.(header|querystring|path)\.{_NAME}|request\.path|stageVariables\.{_NAME})$"
)
HTTP_RESPONSE = re.compile(rf"^\$(response\.header\.{_NAME}|stageVariables\.{_NAME})$")
REST_REQUEST = re.compile(rf"^\$request\.header\.{_NAME}$")
CONSTANT = re.compile(r"^[^$']{1,512}$")


def reserved(header: str) -> bool:
    return header in RESERVED or header.startswith(RESERVED_PREFIXES)


def _value_problem(value: str, allowed: re.Pattern[str], kind: str) -> str | None:
    if CONTEXT.match(value) or allowed.match(value) or CONSTANT.match(value):
        return None
    return (
        f"{value!r} is not a {kind} mapping value: use $context.<variable>, "
        + {
            "request": "$request.header|querystring|path.<name>, $stageVariables.<name>",
            "response": "$response.header.<name>, $stageVariables.<name>",
            "rest request": "$request.header.<name>",
        }[kind]
        + " or a constant without '$' or quotes"
    )


def _headers(mapping: ParameterMapping) -> Iterator[tuple[str, str]]:
    """(field, header) of every header the mapping names."""
    for field in ("set_request_headers", "set_response_headers"):
        for header in getattr(mapping, field):
            yield field, header
    for field in ("remove_request_headers", "remove_response_headers"):
        for header in getattr(mapping, field):
            yield field, header


BASE = ("edge", "parameter_mapping")


def _header_problems(mapping: ParameterMapping) -> Iterator[Violation]:
    for field, header in _headers(mapping):
        if reserved(header):
            yield (*BASE, field, header), f"API Gateway cannot map the reserved header {header}"
        elif header == REPLACED_BY_THE_GATEWAY and field == "set_request_headers":
            yield (
                (*BASE, field, header),
                "the Istio ingress gateway replaces x-request-id on requests from outside; "
                "map to another name (e.g. x-edge-request-id)",
            )
    for side in ("request", "response"):
        both = set(getattr(mapping, f"set_{side}_headers")) & set(
            getattr(mapping, f"remove_{side}_headers")
        )
        for header in sorted(both):
            yield (*BASE, f"remove_{side}_headers"), f"{header} is both set and removed"


def _value_problems(mapping: ParameterMapping, rest: bool) -> Iterator[Violation]:
    request_values = REST_REQUEST if rest else HTTP_REQUEST
    request_kind = "rest request" if rest else "request"
    for header, value in mapping.set_request_headers.items():
        problem = _value_problem(value, request_values, request_kind)
        if problem:
            yield (*BASE, "set_request_headers", header), problem
    for header, value in mapping.set_response_headers.items():
        problem = _value_problem(value, HTTP_RESPONSE, "response")
        if problem:
            yield (*BASE, "set_response_headers", header), problem


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    mapping = spec.edge.parameter_mapping
    if mapping.empty:
        return
    kind = spec.edge.api_gateway
    if kind == "none":
        yield BASE, "api_gateway 'none' has no API Gateway to map headers: leave it empty"
        return
    yield from _header_problems(mapping)
    if kind == "rest":
        for field in ("remove_request_headers", "set_response_headers", "remove_response_headers"):
            if getattr(mapping, field):
                yield (
                    (*BASE, field),
                    "the rest API's HTTP_PROXY integration passes responses through and cannot "
                    "remove request headers; this needs api_gateway: http",
                )
    yield from _value_problems(mapping, rest=kind == "rest")
