"""The spec's header mappings as API Gateway integration properties, per API kind."""

from __future__ import annotations

from chariot.infra.edge.apis.parameter_mapping import (
    RESPONSE_STATUS_CODES,
    http_request_parameters,
    http_response_parameters,
    rest_request_parameters,
)
from chariot.spec.model import ParameterMapping

MAPPING = ParameterMapping(
    set_request_headers={
        "x-edge-request-id": "$context.requestId",
        "x-client": "$request.header.user-agent",
        "x-tier": "public",
    },
    remove_request_headers=["x-debug"],
    set_response_headers={"x-edge-request-id": "$context.requestId"},
    remove_response_headers=["server"],
)


def test_http_request_headers_are_overwritten_or_removed() -> None:
    assert http_request_parameters(MAPPING) == {
        "overwrite:header.x-edge-request-id": "$context.requestId",
        "overwrite:header.x-client": "$request.header.user-agent",
        "overwrite:header.x-tier": "public",
        "remove:header.x-debug": "''",
    }


def test_http_response_headers_are_mapped_for_every_status_the_mesh_answers() -> None:
    found = http_response_parameters(MAPPING)
    assert tuple(found) == RESPONSE_STATUS_CODES
    assert all(200 <= int(code) <= 599 for code in found)  # API Gateway's selection keys
    assert found["503"] == {
        "ResponseParameters": [
            {"Destination": "overwrite:header.x-edge-request-id", "Source": "$context.requestId"},
            {"Destination": "remove:header.server", "Source": "''"},
        ]
    }


def test_nothing_is_mapped_by_default() -> None:
    assert http_request_parameters(ParameterMapping()) == {}
    assert http_response_parameters(ParameterMapping()) == {}
    assert rest_request_parameters(ParameterMapping()) == ({}, {})


def test_rest_uses_its_own_expressions_and_declares_what_it_reads() -> None:
    integration, method = rest_request_parameters(MAPPING)
    assert integration == {
        "integration.request.header.x-edge-request-id": "context.requestId",
        "integration.request.header.x-client": "method.request.header.user-agent",
        "integration.request.header.x-tier": "'public'",
    }
    assert method == {"method.request.header.user-agent": False}
