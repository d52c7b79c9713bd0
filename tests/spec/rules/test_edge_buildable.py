"""The edge-buildable rule: CloudFront's WAF and certificate in us-east-1, the rest edge with its
own Cognito pool, a domain inside its hosted zone, CloudFront kept when there is no API gateway."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.spec.helpers import load, problems, with_api


def _edge(spec_data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(spec_data)
    data["edge"].update(changes)
    data["edge"] = with_api(data["edge"], data["edge"]["api_gateway"])
    return data


def _only(lines: list[str], field: str) -> str:
    """The one problem reported on `field` (other rules may report on other fields)."""
    (line,) = [line for line in lines if f": {field}: " in line]
    return line


def test_the_shipped_edge_passes(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    assert load(tmp_path, spec_data).edge.api_gateway == "http"


def test_a_cloudfront_waf_outside_us_east_1_is_refused(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = _edge(spec_data, domain_name=None, hosted_zone=None)  # no certificate to place
    data["region"] = "eu-west-1"
    line = _only(problems(tmp_path, data), "region")
    assert line.endswith(
        "region: CloudFront's WAF web ACL must live in us-east-1; this edge is built in the "
        "platform's region (eu-west-1): deploy in us-east-1 or set edge.waf.enabled: false"
    )
    data["edge"]["waf"]["enabled"] = False
    assert not [line for line in problems(tmp_path, data) if ": region: " in line]


def test_the_rest_edge_refuses_an_external_issuer(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    jwt = {"issuer": "https://id.example.com", "jwks_uri": "https://id.example.com/jwks"}
    (line,) = problems(tmp_path, _edge(spec_data, api_gateway="rest", jwt=jwt))
    assert line.endswith(
        "edge.jwt.issuer: the rest edge authorizes with the Cognito user pool it creates; an "
        "external issuer needs the http edge (JWT authorizer)"
    )
    load(tmp_path, _edge(spec_data, api_gateway="http", jwt=jwt))


def test_no_api_gateway_keeps_cloudfront(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = _edge(spec_data, api_gateway="none")
    data["edge"]["cdn"]["enabled"] = False
    (line,) = problems(tmp_path, data)
    assert line.endswith(
        "edge.cdn.enabled: with api_gateway 'none' CloudFront is the only way in; it cannot be "
        "disabled"
    )


def test_a_domain_needs_its_zone(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    (line,) = problems(tmp_path, _edge(spec_data, domain_name="api.example.com", hosted_zone=None))
    assert line.endswith(
        "edge.hosted_zone: domain_name and hosted_zone are set together (or both left out for "
        "the CloudFront domain)"
    )
    (line,) = problems(tmp_path, _edge(spec_data, domain_name=None, hosted_zone="example.com"))
    assert ": edge.domain_name: domain_name and hosted_zone are set together" in line


def test_a_domain_lies_inside_its_zone(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    outside = _edge(spec_data, domain_name="api.example.org", hosted_zone="example.com")
    (line,) = problems(tmp_path, outside)
    assert line.endswith(
        "edge.domain_name: api.example.org is not inside the hosted zone example.com"
    )
    for domain in ("api.example.com", "example.com"):
        load(tmp_path, _edge(spec_data, domain_name=domain, hosted_zone="example.com"))


def test_a_custom_domain_needs_the_certificate_in_us_east_1(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = _edge(spec_data, domain_name="api.example.com", hosted_zone="example.com")
    data["region"] = "eu-west-1"
    data["edge"]["waf"]["enabled"] = False
    line = _only(problems(tmp_path, data), "region")
    assert line.endswith(
        "region: CloudFront's certificate must be issued in us-east-1; this edge is built in "
        "eu-west-1: deploy in us-east-1 or leave edge.domain_name empty"
    )
