"""The edge-parameter-mapping rule: only what API Gateway accepts for the configured API, each
refusal one line naming the field."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tests.spec.helpers import load, problems


def _mapping(spec_data: dict[str, Any], api: str = "http", **mapping: Any) -> dict[str, Any]:
    data = copy.deepcopy(spec_data)
    data["edge"]["api_gateway"] = api
    data["edge"]["parameter_mapping"] = mapping
    return data


def _lines(tmp_path: Path, data: dict[str, Any]) -> list[str]:
    return [line for line in problems(tmp_path, data) if "edge.parameter_mapping" in line]


def test_a_request_id_and_stripped_internal_headers_pass(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = _mapping(
        spec_data,
        set_request_headers={"x-edge-request-id": "$context.requestId", "x-tier": "public"},
        remove_request_headers=["x-debug"],
        set_response_headers={"x-edge-request-id": "$context.requestId"},
        remove_response_headers=["server", "x-envoy-upstream-service-time"],
    )
    mapping = load(tmp_path, data).edge.parameter_mapping
    assert mapping.remove_response_headers == ["server", "x-envoy-upstream-service-time"]


@pytest.mark.parametrize(
    ("mapping", "field", "reason"),
    [
        (
            {"set_request_headers": {"x-amzn-trace-id": "abc"}},
            "set_request_headers.x-amzn-trace-id",
            "API Gateway cannot map the reserved header x-amzn-trace-id",
        ),
        (
            {"remove_response_headers": ["content-length"]},
            "remove_response_headers.content-length",
            "API Gateway cannot map the reserved header content-length",
        ),
        (
            {"set_request_headers": {"x-request-id": "$context.requestId"}},
            "set_request_headers.x-request-id",
            "the Istio ingress gateway replaces x-request-id on requests from outside; map to "
            "another name (e.g. x-edge-request-id)",
        ),
        (
            {"set_request_headers": {"x-id": "$context.request-id"}},
            "set_request_headers.x-id",
            "'$context.request-id' is not a request mapping value: use $context.<variable>, "
            "$request.header|querystring|path.<name>, $stageVariables.<name> or a constant "
            "without '$' or quotes",
        ),
        (
            {"set_response_headers": {"x-id": "$request.body.id"}},
            "set_response_headers.x-id",
            "'$request.body.id' is not a response mapping value: use $context.<variable>, "
            "$response.header.<name>, $stageVariables.<name> or a constant without '$' or "
            "quotes",
        ),
        (
            {"set_request_headers": {"x-a": "1"}, "remove_request_headers": ["x-a"]},
            "remove_request_headers",
            "x-a is both set and removed",
        ),
    ],
)
def test_what_api_gateway_would_reject_is_refused(
    tmp_path: Path, spec_data: dict[str, Any], mapping: dict[str, Any], field: str, reason: str
) -> None:
    (line,) = _lines(tmp_path, _mapping(spec_data, **mapping))
    assert line.endswith(f"edge.parameter_mapping.{field}: {reason}")


def test_the_rest_api_maps_request_headers_only(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    ok = _mapping(
        spec_data, "rest", set_request_headers={"x-edge-request-id": "$context.requestId"}
    )
    assert load(tmp_path, ok).edge.api_gateway == "rest"
    data = _mapping(spec_data, "rest", remove_response_headers=["server"])
    (line,) = _lines(tmp_path, data)
    assert line.endswith(
        "edge.parameter_mapping.remove_response_headers: the rest API's HTTP_PROXY integration "
        "passes responses through and cannot remove request headers; this needs api_gateway: http"
    )
    query = _mapping(spec_data, "rest", set_request_headers={"x-q": "$request.querystring.q"})
    (line,) = _lines(tmp_path, query)
    assert "is not a rest request mapping value" in line


def test_no_api_gateway_maps_nothing(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = _mapping(spec_data, "none", remove_response_headers=["server"])
    (line,) = _lines(tmp_path, data)
    assert line.endswith(
        "edge.parameter_mapping: api_gateway 'none' has no API Gateway to map headers: leave it "
        "empty"
    )


def test_an_invalid_header_name_is_refused_by_the_model(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    (line,) = _lines(tmp_path, _mapping(spec_data, remove_request_headers=["X Bad"]))
    assert "remove_request_headers[0]: 'X Bad': String should match pattern" in line
