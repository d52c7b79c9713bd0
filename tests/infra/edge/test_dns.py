"""The API origin's record: a plain alias under backup_restore, the health-checked failover
PRIMARY when the strategy keeps a DR region ready (the synthesized variant pins its values)."""

from __future__ import annotations

from typing import Any

from aws_cdk import App, Environment, Stack
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_route53_targets as targets
from aws_cdk.assertions import Template

from chariot.infra.edge.dns import api_origin_record
from chariot.spec.model import PlatformSpec


def _records(spec: PlatformSpec) -> dict[str, Any]:
    stack = Stack(App(), "Edge", env=Environment(account=spec.account, region=spec.region))
    zone = route53.HostedZone.from_hosted_zone_attributes(
        stack, "Zone", hosted_zone_id="Z0123456789ABC", zone_name="example.com"
    )
    api_origin_record(
        stack,
        spec,
        zone,
        "origin.api.example.com",
        targets.ApiGatewayv2DomainProperties("d-abc.execute-api.amazonaws.com", "Z1UJRXOUMOOFQ8"),
        "d-abc.execute-api.amazonaws.com",
    )
    return dict(Template.from_stack(stack).to_json()["Resources"])


def test_backup_restore_keeps_a_plain_alias(specs: dict[str, PlatformSpec]) -> None:
    assert specs["dev"].dr.strategy == "backup_restore"
    resources = _records(specs["dev"])
    ((_, record),) = resources.items()
    assert record["Type"] == "AWS::Route53::RecordSet"
    assert "Failover" not in record["Properties"]
    assert record["Properties"]["AliasTarget"]["DNSName"] == "d-abc.execute-api.amazonaws.com"


def test_pilot_light_gets_the_failover_primary(specs: dict[str, PlatformSpec]) -> None:
    prod = specs["prod"]
    spec = prod.model_copy(update={"dr": prod.dr.model_copy(update={"strategy": "pilot_light"})})
    types = sorted(r["Type"] for r in _records(spec).values())
    assert types == ["AWS::Route53::HealthCheck", "AWS::Route53::RecordSet"]
