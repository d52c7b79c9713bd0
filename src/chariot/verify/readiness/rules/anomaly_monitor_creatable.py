"""A cost anomaly monitor the templates create can be created, and watches the platform.

AWS-managed (`DIMENSIONAL`) monitors are limited per account and dimension, and most accounts
already have the default `SERVICE` monitor, so CloudFormation fails to create another. A
customer-managed (`CUSTOM`) monitor has no such limit; it watches costs that match its
`MonitorSpecification`, which for a platform is its cost allocation tag. A CUSTOM monitor on a
tag no resource of the platform carries watches nothing.
https://docs.aws.amazon.com/cost-management/latest/userguide/getting-started-ad.html#monitor-type-def
https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_AnomalyMonitor.html
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chariot.verify.readiness.base import (
    NotApplicable,
    Platform,
    Result,
    Violation,
    as_list,
    iter_values,
)


def _tag_keys(platform: Platform) -> set[str]:
    """Every tag key some resource of the platform carries (Tags lists and maps)."""
    keys = set()
    for resource in platform.resources():
        for tags in as_list(resource.get("Tags")):
            if isinstance(tags, dict) and "Key" in tags:
                keys.add(str(tags["Key"]))
        if isinstance(resource.get("Tags"), dict):
            keys |= {str(k) for k in resource.get("Tags")}
    return keys


def _tag_expressions(specification: Any) -> list[str]:
    return [
        str(node["Tags"]["Key"])
        for node in iter_values(specification)
        if isinstance(node, dict) and isinstance(node.get("Tags"), dict) and "Key" in node["Tags"]
    ]


def check(platform: Platform) -> Iterator[Result]:
    tag_keys = _tag_keys(platform)
    for monitor in platform.resources("AWS::CE::AnomalyMonitor"):
        kind = monitor.get("MonitorType")
        if kind == "DIMENSIONAL":
            yield Violation(
                monitor,
                f"an AWS-managed DIMENSIONAL monitor ({monitor.get('MonitorDimension')}) is "
                "limited per account and most accounts already have the default one, so "
                "creation fails: use a CUSTOM monitor on the platform's cost allocation tag, "
                "or subscribe to the existing monitor (cost.anomaly_detection.monitor_arn)",
            )
            continue
        specification = platform.json_property(monitor, "MonitorSpecification")
        if specification is None:
            yield NotApplicable(monitor, "its MonitorSpecification cannot be read here")
            continue
        for key in _tag_expressions(specification):
            if key not in tag_keys:
                yield Violation(
                    monitor,
                    f"watches costs tagged {key!r}, but no resource of the platform carries that "
                    "tag: the monitor watches nothing",
                )
