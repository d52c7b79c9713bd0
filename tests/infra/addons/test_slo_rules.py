"""SLO burn-rate rules: recorded ratios per window, memberships per tier, one alert per
objective and window over the member services."""

from __future__ import annotations

import json
import re

from chariot.infra.addons.slo_rules import (
    MEMBER,
    alertmanager_config,
    alerts,
    error_ratio_record,
    membership_rules,
    objective_alerts,
    recording_rules,
    rule_groups,
    slow_ratio_record,
)
from chariot.spec.model import PlatformSpec
from chariot.spec.slo import RATE_WINDOWS, Objective


def test_every_alert_reads_recorded_series(specs: dict[str, PlatformSpec]) -> None:
    spec = specs["prod"]
    ratios, alerting = rule_groups(spec)["groups"]
    recorded = {rule["record"] for rule in ratios["rules"]}
    for alert in alerting["rules"]:
        used = set(re.findall(r"chariot:[a-z0-9_:]+", alert["expr"]))
        assert MEMBER in used, alert["expr"]
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


def test_availability_alerts_per_tier_on_both_windows(specs: dict[str, PlatformSpec]) -> None:
    spec = specs["prod"]
    service = next(s for s in spec.services if s.meshed)
    tier = service.tier.value
    target = spec.observability.slo.availability.of(service.tier) / 100
    alerts = objective_alerts(spec, Objective("availability", target), tier)
    fast = next(a for a in alerts if a["labels"]["window"] == "1h")
    threshold = f"{14.4 * (1 - target):g}"
    assert fast["expr"] == (
        f"{error_ratio_record('1h')} > {threshold} and {error_ratio_record('5m')} > {threshold} "
        f'and on(destination_service_namespace, destination_service_name) {MEMBER}{{tier="{tier}"}}'
    )
    assert fast["labels"]["severity"] == "page"
    assert fast["labels"]["service"] == "{{ $labels.destination_service_name }}"
    assert [a["labels"]["window"] for a in alerts] == ["1h", "6h", "3d"]
    assert alerts[-1]["labels"]["severity"] == "ticket"


def test_latency_alerts_once_for_every_member(specs: dict[str, PlatformSpec]) -> None:
    spec = specs["prod"]
    latency = [a for a in alerts(spec) if a["labels"]["slo"].startswith("latency-")]
    # p50 1 window (its 50 % budget burns past 1 in the others) + p90 2 + p99 3
    assert len(latency) == 6
    assert all(a["expr"].endswith(f"destination_service_name) {MEMBER}") for a in latency)


def test_members_per_tier_are_the_meshed_services(specs: dict[str, PlatformSpec]) -> None:
    spec = specs["prod"]
    members = {rule["labels"]["tier"]: rule["expr"] for rule in membership_rules(spec)}
    for service in spec.services:
        listed = any(re.search(rf"[\"|]{service.name}[\"|]", expr) for expr in members.values())
        assert listed == service.meshed, service.name
        if service.meshed:
            assert service.name in members[service.tier.value]


def test_rules_do_not_grow_with_the_catalog(specs: dict[str, PlatformSpec]) -> None:
    spec = specs["prod"]
    template = next(s for s in spec.services if s.meshed)
    many = [template.model_copy(update={"name": f"svc-{i:04d}"}) for i in range(1000)]
    bigger = spec.model_copy(update={"services": many})
    assert len(alerts(bigger)) == len(alerts(spec.model_copy(update={"services": [template]})))
    # the names appear once, in the membership rule: well under CloudFormation's 1 MB template
    assert len(json.dumps(rule_groups(bigger))) < 60_000


def test_alertmanager_publishes_to_the_topic() -> None:
    arn = "arn:aws:sns:eu-west-1:111122223333:chariot-prod-alerts"
    config = alertmanager_config(arn, "eu-west-1")
    (receiver,) = config["receivers"]
    assert receiver["sns_configs"] == [
        {"topic_arn": arn, "sigv4": {"region": "eu-west-1"}, "send_resolved": True}
    ]
    assert config["route"]["receiver"] == receiver["name"]
