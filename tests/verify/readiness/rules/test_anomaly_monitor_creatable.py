"""Cost anomaly monitors the templates create can be created and watch the platform."""

from __future__ import annotations

import json

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import Violation
from tests.verify.readiness.fixtures import platform, resource, results, template

RULE = "anomaly-monitor-creatable"
TAGGED = {"Tags": [{"Key": "chariot:environment", "Value": "prod"}]}


def _custom(tag: str) -> dict[str, object]:
    expression = {"Tags": {"Key": tag, "Values": ["prod"], "MatchOptions": ["EQUALS"]}}
    return resource(
        "AWS::CE::AnomalyMonitor", MonitorType="CUSTOM", MonitorSpecification=json.dumps(expression)
    )


def test_a_custom_monitor_on_the_platforms_tag_passes(spec: PlatformSpec) -> None:
    bucket = resource("AWS::S3::Bucket", **TAGGED)
    view = platform(spec, template(resources={"M": _custom("chariot:environment"), "B": bucket}))
    assert results(RULE, view) == []


def test_a_dimensional_service_monitor_fails(spec: PlatformSpec) -> None:
    monitor = resource(
        "AWS::CE::AnomalyMonitor", MonitorType="DIMENSIONAL", MonitorDimension="SERVICE"
    )
    (found,) = results(RULE, platform(spec, template(resources={"M": monitor})))
    assert isinstance(found, Violation)
    assert "DIMENSIONAL monitor (SERVICE)" in found.reason
    assert "monitor_arn" in found.reason


def test_a_custom_monitor_on_a_tag_nobody_carries_fails(spec: PlatformSpec) -> None:
    bucket = resource("AWS::S3::Bucket", **TAGGED)
    view = platform(spec, template(resources={"M": _custom("team"), "B": bucket}))
    (found,) = results(RULE, view)
    assert "watches costs tagged 'team'" in found.reason
