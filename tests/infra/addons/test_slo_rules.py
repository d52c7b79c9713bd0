"""SLO burn-rate rules: recorded ratios per window, one alert per service, objective, window."""

from __future__ import annotations

import re

from chariot.infra.addons.slo_rules import (
    alertmanager_config,
    error_ratio_record,
    recording_rules,
    rule_groups,
    service_alerts,
    slow_ratio_record,
)
from chariot.spec.model import PlatformSpec
from chariot.spec.slo import RATE_WINDOWS


def test_every_alert_reads_recorded_series(specs: dict[str, PlatformSpec]) -> None:
    spec = specs["prod"]
    recorded = {rule["record"] for rule in recording_rules(spec)}
    for group in rule_groups(spec)["groups"][1:]:
        for alert in group["rules"]:
            used = set(re.findall(r"chariot:[a-z0-9_:]+", alert["expr"]))
            assert used, alert["expr"]
            assert used <= recorded, alert["expr"]


def test_ratios_per_window_and_target(specs: dict[str, PlatformSpec]) -> None:
    spec = specs["prod"]
    recorded = {rule["record"]: rule["expr"] for rule in recording_rules(spec)}
    assert set(RATE_WINDOWS) == {"5m", "1h", "30m", "6h", "3d"}
    for window in RATE_WINDOWS:
        errors = recorded[error_ratio_record(window)]
        assert 'response_code=~"5.."' in errors
        assert f"[{window}]" in errors
        slow = recorded[slow_ratio_record(spec.performance.latency.p99_ms, window)]
        assert f'le=~"{spec.performance.latency.p99_ms}(\\\\.0)?"' in slow
        assert 'reporter="destination"' in slow


def test_one_service_alerts_on_both_windows(specs: dict[str, PlatformSpec]) -> None:
    spec = specs["prod"]
    service = next(s for s in spec.services if s.meshed)
    alerts = service_alerts(spec, service)
    fast = next(
        a for a in alerts if a["labels"]["slo"] == "availability" and a["labels"]["window"] == "1h"
    )
    budget = 1 - spec.observability.slo.availability.of(service.tier) / 100
    threshold = f"{14.4 * budget:g}"
    selector = (
        f'{{destination_service_namespace="{service.namespace}",'
        f'destination_service_name="{service.name}"}}'
    )
    assert fast["expr"] == (
        f"{error_ratio_record('1h')}{selector} > {threshold} and "
        f"{error_ratio_record('5m')}{selector} > {threshold}"
    )
    assert fast["labels"]["severity"] == "page"
    # availability 3 windows + p50 1 + p90 2 + p99 3
    assert len(alerts) == 9
    assert {a["labels"]["severity"] for a in alerts if a["labels"]["window"] == "3d"} == {"ticket"}


def test_only_meshed_services_have_alerts(specs: dict[str, PlatformSpec]) -> None:
    spec = specs["prod"]
    names = {g["name"] for g in rule_groups(spec)["groups"]}
    assert names == {"slo-ratios"} | {f"slo-{s.name}" for s in spec.services if s.meshed}


def test_alertmanager_publishes_to_the_topic() -> None:
    arn = "arn:aws:sns:eu-west-1:111122223333:chariot-prod-alerts"
    config = alertmanager_config(arn, "eu-west-1")
    (receiver,) = config["receivers"]
    assert receiver["sns_configs"] == [
        {"topic_arn": arn, "sigv4": {"region": "eu-west-1"}, "send_resolved": True}
    ]
    assert config["route"]["receiver"] == receiver["name"]
