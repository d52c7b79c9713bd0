"""SLO burn-rate alerting as Prometheus rules: the rules file and Alertmanager's route to SNS.

Prometheus rather than CloudWatch alarms because the request metrics are the mesh's, in
Prometheus already, and request durations are histograms: the CloudWatch agent drops Prometheus
histograms (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContainerInsights-Prometheus-metrics-conversion.html),
so latency objectives could not be computed there. Recording rules compute each service's
bad-request ratios over every window once; one alert per service, objective and burn window
compares them with the objective's threshold (`chariot.spec.slo` has the arithmetic).
Alertmanager publishes to the alerts SNS topic, which mails `observability.alarm_email`
(https://prometheus.io/docs/alerting/latest/configuration/#sns_config).
"""

from __future__ import annotations

from typing import Any

from chariot.spec.model import PlatformSpec, Tier
from chariot.spec.slo import RATE_WINDOWS, Objective, latency_objectives, latency_targets_ms

# Istio's standard metrics as the server-side proxy reports them (its own view of each request).
# https://istio.io/latest/docs/reference/config/metrics/
REQUESTS = "istio_requests_total"
DURATION = "istio_request_duration_milliseconds"
SERVER_SIDE = 'reporter="destination"'
BY_SERVICE = ("destination_service_namespace", "destination_service_name")
GROUP = f"sum by ({', '.join(BY_SERVICE)})"
RECEIVER = "alerts-topic"


def error_ratio_record(window: str) -> str:
    return f"chariot:slo_errors:ratio_rate{window}"


def slow_ratio_record(under_ms: int, window: str) -> str:
    return f"chariot:slo_slower_than_{under_ms}ms:ratio_rate{window}"


def _record(objective: Objective, window: str) -> str:
    if objective.under_ms is None:
        return error_ratio_record(window)
    return slow_ratio_record(objective.under_ms, window)


def recording_rules(spec: PlatformSpec) -> list[dict[str, Any]]:
    """Per service (by label) and window: the share of 5xx answers, and for each latency target
    the share of requests slower than it. `le` is matched with and without `.0`: Prometheus 3
    normalises classic histogram bounds to floats, Envoy writes integers."""
    rules: list[dict[str, Any]] = []
    for window in RATE_WINDOWS:
        total = f"{GROUP} (rate({REQUESTS}{{{SERVER_SIDE}}}[{window}]))"
        errors = f'{GROUP} (rate({REQUESTS}{{{SERVER_SIDE},response_code=~"5.."}}[{window}]))'
        rules.append({"record": error_ratio_record(window), "expr": f"{errors} / {total}"})
        count = f"{GROUP} (rate({DURATION}_count{{{SERVER_SIDE}}}[{window}]))"
        for under_ms in latency_targets_ms(spec):
            le = f'le=~"{under_ms}(\\\\.0)?"'
            fast = f"{GROUP} (rate({DURATION}_bucket{{{SERVER_SIDE},{le}}}[{window}]))"
            rules.append(
                {"record": slow_ratio_record(under_ms, window), "expr": f"1 - {fast} / {count}"}
            )
    return rules


MEMBER = "chariot:slo_member"
# The alert's labels and text name the service from the series it fires on (labels and
# annotations are templated: https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/).
NAMESPACE_LABEL, SERVICE_LABEL = ("{{ $labels." + label + " }}" for label in BY_SERVICE)


def membership_rules(spec: PlatformSpec) -> list[dict[str, Any]]:
    """One `chariot:slo_member{tier=...}` series per catalogued meshed service, recorded once
    per tier: the alerts join on it, so their size does not grow with the catalog (a rule per
    service put 1.4 MB of rules into the add-ons template at 200 services; CloudFormation
    takes 1 MB)."""
    rules = []
    for tier, names in _meshed_by_tier(spec).items():
        selector = f'{BY_SERVICE[1]}=~"{"|".join(names)}"'
        longest = error_ratio_record(RATE_WINDOWS[-1])
        rules.append(
            {
                "record": MEMBER,
                "expr": f"group by ({', '.join(BY_SERVICE)}) ({longest}{{{selector}}})",
                "labels": {"tier": tier},
            }
        )
    return rules


def _meshed_by_tier(spec: PlatformSpec) -> dict[str, list[str]]:
    """Tier -> the names of its meshed services (service names are unique in the catalog)."""
    tiers: dict[str, list[str]] = {}
    for service in sorted(spec.services, key=lambda s: s.name):
        if service.meshed:
            tiers.setdefault(service.tier.value, []).append(service.name)
    return tiers


def objective_alerts(
    spec: PlatformSpec, objective: Objective, tier: str | None
) -> list[dict[str, Any]]:
    """The burn-rate alerts of one objective, one per window that can fire, over every member
    service (`tier` None) or the services of one tier (availability targets are per tier)."""
    members = MEMBER if tier is None else f'{MEMBER}{{tier="{tier}"}}'
    join = f"and on({', '.join(BY_SERVICE)}) {members}"
    days = spec.observability.slo.window_days
    what = (
        "answers 5xx"
        if objective.under_ms is None
        else f"takes longer than {objective.under_ms} ms"
    )
    alerts = []
    for window, threshold in objective.alert_windows(days):
        long = f"{_record(objective, window.long)} > {threshold:g}"
        short = f"{_record(objective, window.short)} > {threshold:g}"
        labels = {
            "severity": window.severity,
            "service": SERVICE_LABEL,
            "namespace": NAMESPACE_LABEL,
            "slo": objective.name,
            "window": window.long,
        }
        alerts.append(
            {
                "alert": "ErrorBudgetBurn",
                "expr": f"{long} and {short} {join}",
                "labels": labels | ({"tier": tier} if tier else {}),
                "annotations": {
                    "summary": (
                        f"{SERVICE_LABEL}: {objective.name} error budget burning "
                        f"{window.factor(days):g}x"
                    ),
                    "description": (
                        f"More than {threshold:.4%} of {SERVICE_LABEL}'s requests {what} "
                        f"over the last {window.long} and {window.short}: at this rate "
                        f"{window.budget_spent:.0%} of the {days}-day budget "
                        f"(objective {objective.target:.4g}) is gone within {window.long}."
                    ),
                },
            }
        )
    return alerts


def alerts(spec: PlatformSpec) -> list[dict[str, Any]]:
    """Availability per tier (its target is the tier's), latency once for every service."""
    rules = []
    tiers = _meshed_by_tier(spec)
    for tier in tiers:
        target = spec.observability.slo.availability.of(Tier(tier)) / 100
        rules += objective_alerts(spec, Objective("availability", target), tier)
    if tiers:
        for objective in latency_objectives(spec):
            rules += objective_alerts(spec, objective, None)
    return rules


def rule_groups(spec: PlatformSpec) -> dict[str, Any]:
    """`alerting_rules.yml` of the chart: the recorded ratios and memberships, then the alerts
    (only meshed services have request metrics)."""
    return {
        "groups": [
            {"name": "slo-ratios", "rules": recording_rules(spec) + membership_rules(spec)},
            {"name": "slo-alerts", "rules": alerts(spec)},
        ]
    }


def alertmanager_config(topic_arn: str, region: str) -> dict[str, Any]:
    """Every alert to the alerts topic, grouped per service and objective; pages repeat every
    4 hours while they fire, tickets once a day."""
    return {
        "receivers": [
            {
                "name": RECEIVER,
                "sns_configs": [
                    {"topic_arn": topic_arn, "sigv4": {"region": region}, "send_resolved": True}
                ],
            }
        ],
        "route": {
            "receiver": RECEIVER,
            "group_by": ["alertname", "service", "slo"],
            "group_wait": "30s",
            "group_interval": "5m",
            "repeat_interval": "4h",
            "routes": [
                {
                    "receiver": RECEIVER,
                    "matchers": ['severity="ticket"'],
                    "repeat_interval": "24h",
                }
            ],
        },
    }
