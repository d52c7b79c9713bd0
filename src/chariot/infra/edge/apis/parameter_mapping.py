"""`edge.parameter_mapping` as API Gateway's integration properties, for either API kind.

HTTP API: `RequestParameters` (`overwrite:header.<name>` / `remove:header.<name>`) and, since
response mappings are configured per status code the integration returns,
`ResponseParameters` for every status a service or the mesh answers (CloudFormation's
`ResponseParameterMap`: a list of Destination/Source per code):
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html,
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apigatewayv2-integration-responseparametermap.html.
REST API: `integration.request.header.<name>` from `context.<variable>`,
`method.request.header.<name>` (declared on the method) or a quoted constant:
https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html.
The spec rule `edge-parameter-mapping` has already refused what API Gateway would reject.
"""

from __future__ import annotations

from typing import Any

from chariot.spec.model import ParameterMapping

# What the services and the mesh answer: the kit's success and error statuses (kit/errors.py,
# FastAPI's 405/422), shedding's 503, and the gateway's 502/504 and 429 (retries exhausted,
# timeouts, local rate limits). A status not listed passes through unmapped.
RESPONSE_STATUS_CODES = (
    "200",
    "201",
    "202",
    "204",
    "400",
    "401",
    "403",
    "404",
    "405",
    "409",
    "422",
    "429",
    "500",
    "502",
    "503",
    "504",
)
REMOVED = "''"  # the value of a remove mapping: an empty constant


def http_request_parameters(mapping: ParameterMapping) -> dict[str, str]:
    parameters = {f"overwrite:header.{h}": v for h, v in mapping.set_request_headers.items()}
    parameters |= {f"remove:header.{h}": REMOVED for h in mapping.remove_request_headers}
    return parameters


def http_response_parameters(mapping: ParameterMapping) -> dict[str, Any]:
    """status code -> {"ResponseParameters": [{Destination, Source}]}; empty without mappings."""
    entries = [
        {"Destination": f"overwrite:header.{h}", "Source": v}
        for h, v in mapping.set_response_headers.items()
    ] + [
        {"Destination": f"remove:header.{h}", "Source": REMOVED}
        for h in mapping.remove_response_headers
    ]
    if not entries:
        return {}
    return {code: {"ResponseParameters": entries} for code in RESPONSE_STATUS_CODES}


def _rest_source(value: str) -> str:
    if value.startswith("$context."):
        return value.removeprefix("$")
    if value.startswith("$request.header."):
        return "method." + value.removeprefix("$")
    return f"'{value}'"


def rest_request_parameters(mapping: ParameterMapping) -> tuple[dict[str, str], dict[str, bool]]:
    """(integration request parameters, method request parameters they read)."""
    integration = {
        f"integration.request.header.{h}": _rest_source(v)
        for h, v in mapping.set_request_headers.items()
    }
    method = {
        source: False
        for source in integration.values()
        if source.startswith("method.request.header.")
    }
    return integration, method
