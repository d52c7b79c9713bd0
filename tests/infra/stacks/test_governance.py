"""Governance: the spec's budgets, cost anomaly detection, the daily charges alarm, and alarms
at the spec's thresholds for cluster, edge and data tier, all to one encrypted SNS topic."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chariot.infra.names import alerts_topic_name, cache_member_ids, graph_cluster_id
from chariot.infra.stacks.data import DataStack
from chariot.infra.stacks.dr_data import build_dr_data_stacks
from chariot.infra.stacks.dr_services import build_dr_service_stacks
from chariot.infra.stacks.governance import busiest_node_query
from chariot.infra.stacks.services import build_service_stacks
from chariot.spec.model import PlatformSpec
from tests.conftest import ROOT, Synthesized
from tests.infra.cfn import joined

# What the governance stack does not need: the data tier, the service stacks and their DR twins.
NO_DATA_TIER = (DataStack, build_dr_data_stacks, build_service_stacks, build_dr_service_stacks)


def _alarms(env: Synthesized) -> dict[str, dict[str, Any]]:
    return {
        r["Properties"]["AlarmName"]: r["Properties"]
        for r in env.resources("governance", "AWS::CloudWatch::Alarm").values()
    }


def _topic_id(env: Synthesized) -> str:
    (topic,) = env.resources("governance", "AWS::SNS::Topic")
    return topic


def test_budgets_match_the_spec(synthesized: dict[str, Synthesized]) -> None:
    env = synthesized["prod"]
    budgets = {
        r["Properties"]["Budget"]["BudgetName"]: r["Properties"]
        for r in env.resources("governance", "AWS::Budgets::Budget").values()
    }
    assert set(budgets) == {"EKS-Cluster-Budget", "EC2-Compute-Budget"}
    eks = budgets["EKS-Cluster-Budget"]
    assert eks["Budget"]["BudgetLimit"] == {"Amount": 5000, "Unit": "USD"}
    assert "CostFilters" not in eks["Budget"]
    thresholds = {n["Notification"]["Threshold"] for n in eks["NotificationsWithSubscribers"]}
    assert thresholds == {80}
    compute = budgets["EC2-Compute-Budget"]
    assert compute["Budget"]["BudgetLimit"]["Amount"] == 2000
    assert compute["Budget"]["CostFilters"] == {
        "Service": ["Amazon Elastic Compute Cloud - Compute"]
    }
    for notification in compute["NotificationsWithSubscribers"]:
        assert notification["Notification"]["Threshold"] == 85
        subscribers = {s["SubscriptionType"]: s["Address"] for s in notification["Subscribers"]}
        assert subscribers["EMAIL"] == "ops@chariot.com"
        assert subscribers["SNS"] == {"Ref": _topic_id(env)}


def test_anomaly_detection_is_high_sensitivity_in_prod_and_off_in_dev(
    synthesized: dict[str, Synthesized],
) -> None:
    (subscription,) = (
        synthesized["prod"].resources("governance", "AWS::CE::AnomalySubscription").values()
    )
    props = subscription["Properties"]
    assert props["Subscribers"] == [{"Address": "finance@chariot.com", "Type": "EMAIL"}]
    threshold = json.loads(props["ThresholdExpression"])["Dimensions"]
    assert threshold["Key"] == "ANOMALY_TOTAL_IMPACT_ABSOLUTE"
    assert threshold["Values"] == ["10"]
    assert props["SubscriptionName"].endswith("-high")
    assert synthesized["dev"].resources("governance", "AWS::CE::AnomalyMonitor") == {}


def test_anomaly_monitor_is_custom_on_the_environment_tag(
    synthesized: dict[str, Synthesized],
) -> None:
    """Issue 10, finding 1: a DIMENSIONAL SERVICE monitor fails where the default one exists."""
    env = synthesized["prod"]
    ((monitor_id, monitor),) = env.resources("governance", "AWS::CE::AnomalyMonitor").items()
    props = monitor["Properties"]
    assert props["MonitorType"] == "CUSTOM"
    assert "MonitorDimension" not in props
    assert json.loads(props["MonitorSpecification"]) == {
        "Tags": {"Key": "chariot:environment", "Values": ["prod"], "MatchOptions": ["EQUALS"]}
    }
    (subscription,) = env.resources("governance", "AWS::CE::AnomalySubscription").values()
    assert subscription["Properties"]["MonitorArnList"] == [
        {"Fn::GetAtt": [monitor_id, "MonitorArn"]}
    ]


def test_an_existing_monitor_arn_is_subscribed_to_instead(
    specs: dict[str, PlatformSpec], tmp_path: Path
) -> None:
    from aws_cdk import App, Stack
    from aws_cdk.assertions import Template

    from chariot.infra.app import cdk_context
    from chariot.infra.shared import Shared
    from chariot.infra.stacks.registry import STACKS

    arn = "arn:aws:ce::111122223333:anomalymonitor/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"
    spec = specs["prod"]
    detection = spec.cost.anomaly_detection
    assert detection is not None
    cost = spec.cost.model_copy(
        update={"anomaly_detection": detection.model_copy(update={"monitor_arn": arn})}
    )
    spec = spec.model_copy(update={"cost": cost})
    app = App(outdir=str(tmp_path), context=cdk_context(ROOT))
    shared = Shared()
    for factory in STACKS:
        if factory not in NO_DATA_TIER:
            factory(app, spec, shared)
    governance = app.node.find_child("chariot-prod-governance")
    assert isinstance(governance, Stack)
    template = Template.from_stack(governance)
    template.resource_count_is("AWS::CE::AnomalyMonitor", 0)
    template.has_resource_properties("AWS::CE::AnomalySubscription", {"MonitorArnList": [arn]})


def test_daily_estimated_charges_alarm_at_the_spec_amount(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    alarm = _alarms(env)["chariot-prod-daily-estimated-charges"]
    assert alarm["Threshold"] == 100
    assert alarm["AlarmActions"] == [{"Ref": _topic_id(env)}]
    metric = next(m for m in alarm["Metrics"] if m["Id"] == "charges")["MetricStat"]
    assert metric["Metric"]["Namespace"] == "AWS/Billing"
    assert metric["Period"] == 86400
    assert _alarms(synthesized["dev"])["chariot-dev-daily-estimated-charges"]["Threshold"] == 25


def _single_metric(alarm: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    return (
        alarm["Namespace"],
        alarm["MetricName"],
        {d["Name"]: d["Value"] for d in alarm["Dimensions"]},
    )


def test_cluster_alarms_use_the_spec_thresholds(synthesized: dict[str, Synthesized]) -> None:
    alarms = _alarms(synthesized["prod"])
    expected = {
        "node_cpu_utilization": 80,
        "node_memory_utilization": 85,
        "node_filesystem_utilization": 80,
    }
    for metric, threshold in expected.items():
        alarm = alarms[f"chariot-prod-cluster-{metric.replace('_', '-')}"]
        (query,) = alarm["Metrics"]
        expression = query["Expression"]
        assert expression == busiest_node_query(metric, "chariot-microservices-cluster")
        assert f"MAX({metric})" in expression
        assert expression.endswith("WHERE ClusterName = 'chariot-microservices-cluster'")
        assert query["Period"] == 300
        assert alarm["Threshold"] == threshold


def test_network_errors_alarm_at_one_percent_of_ingress_flows(
    synthesized: dict[str, Synthesized],
) -> None:
    alarm = _alarms(synthesized["prod"])["chariot-prod-ingress-network-errors"]
    assert alarm["Threshold"] == 1
    assert "100 * (target + elb)" in alarm["Metrics"][0]["Expression"]


def test_data_tier_alarms_watch_the_names_the_data_stack_creates(
    synthesized: dict[str, Synthesized], specs: dict[str, PlatformSpec]
) -> None:
    env = synthesized["prod"]
    alarms = _alarms(env)
    graph = alarms["chariot-prod-graph-cpu"]
    assert _single_metric(graph)[2] == {"DBClusterIdentifier": graph_cluster_id(specs["prod"])}
    (cluster,) = env.resources("data", "AWS::Neptune::DBCluster").values()
    assert cluster["Properties"]["DBClusterIdentifier"] == graph_cluster_id(specs["prod"])
    members = cache_member_ids(specs["prod"])
    assert len(members) == 3
    watched = {
        _single_metric(a)[2]["CacheClusterId"]
        for a in alarms.values()
        if a.get("Namespace") == "AWS/ElastiCache"
    }
    assert watched == set(members)
    memory = [a for a in alarms.values() if a.get("MetricName") == "DatabaseMemoryUsagePercentage"]
    assert {a["Threshold"] for a in memory} == {85}
    topic = {"Ref": _topic_id(env)}
    assert all(a["AlarmActions"] == [topic] for a in alarms.values())


def test_alerts_topic_is_encrypted_tls_only_and_mails_the_spec_address(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    (topic,) = env.resources("governance", "AWS::SNS::Topic").values()
    assert "KmsMasterKeyId" in topic["Properties"]
    (subscription,) = env.resources("governance", "AWS::SNS::Subscription").values()
    assert subscription["Properties"]["Endpoint"] == "ops@chariot.com"
    (policy,) = env.resources("governance", "AWS::SNS::TopicPolicy").values()
    text = json.dumps(policy["Properties"])
    assert "budgets.amazonaws.com" in text
    assert '"aws:SecureTransport": "false"' in text


def test_outside_us_east_1_the_billing_alarm_gets_its_own_us_east_1_stack(
    specs: dict[str, PlatformSpec], tmp_path: Path
) -> None:
    from aws_cdk import App

    from chariot.infra.app import cdk_context
    from chariot.infra.shared import Shared
    from chariot.infra.stacks.registry import STACKS

    spec = specs["prod"]
    spec = spec.model_copy(
        update={
            "region": "eu-west-1",
            "availability_zones": ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
            "edge": spec.edge.model_copy(
                update={"waf": spec.edge.waf.model_copy(update={"enabled": False})}
            ),
        }
    )
    app = App(outdir=str(tmp_path), context=cdk_context(ROOT))
    shared = Shared()
    for factory in STACKS:
        if factory not in NO_DATA_TIER:
            factory(app, spec, shared)
    billing = app.node.find_child("chariot-prod-billing")
    governance = app.node.find_child("chariot-prod-governance")
    assert billing.region == "us-east-1"  # type: ignore[attr-defined]
    assert governance.region == "eu-west-1"  # type: ignore[attr-defined]
    assert billing.node.try_find_child("DailyEstimatedCharges") is not None
    assert governance.node.try_find_child("DailyEstimatedCharges") is None


@pytest.mark.parametrize("env", ["dev", "staging"])
def test_smaller_environments_watch_their_own_cache_nodes(
    synthesized: dict[str, Synthesized], specs: dict[str, PlatformSpec], env: str
) -> None:
    alarms = _alarms(synthesized[env])
    watched = {
        _single_metric(a)[2]["CacheClusterId"]
        for a in alarms.values()
        if a.get("Namespace") == "AWS/ElastiCache"
    }
    assert watched == set(cache_member_ids(specs[env]))


def test_failed_backup_and_copy_jobs_alarm(synthesized: dict[str, Synthesized]) -> None:
    """Issue 10, finding 6: any failed backup or DR copy job notifies the alerts topic."""
    env = synthesized["prod"]
    alarms = _alarms(env)
    for name, metric in (
        ("chariot-prod-backup-jobs-failed", "NumberOfBackupJobsFailed"),
        ("chariot-prod-copy-jobs-failed", "NumberOfCopyJobsFailed"),
    ):
        alarm = alarms[name]
        (query,) = alarm["Metrics"]
        assert query["Expression"] == f'SELECT SUM({metric}) FROM "AWS/Backup"'  # noqa: S608
        assert alarm["Threshold"] == 0
        assert alarm["ComparisonOperator"] == "GreaterThanThreshold"
        assert alarm["TreatMissingData"] == "notBreaching"
        assert alarm["AlarmActions"] == [{"Ref": _topic_id(env)}]


def test_alerts_topic_has_the_name_alertmanager_publishes_to(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    (topic,) = env.resources("governance", "AWS::SNS::Topic").values()
    assert topic["Properties"]["TopicName"] == alerts_topic_name(env.spec)


def test_one_dashboard_per_service_and_one_for_the_platform(
    synthesized: dict[str, Synthesized],
) -> None:
    env = synthesized["prod"]
    dashboards = {
        r["Properties"]["DashboardName"]: json.loads(joined(r["Properties"]["DashboardBody"]))
        for r in [
            *env.resources("governance", "AWS::CloudWatch::Dashboard").values(),
            *env.service_resources("AWS::CloudWatch::Dashboard").values(),
        ]
    }
    # the service dashboards are per-service resources: they live in the service stacks
    assert len(env.resources("governance", "AWS::CloudWatch::Dashboard")) == 1
    assert set(dashboards) == {"chariot-prod-platform"} | {
        f"chariot-prod-service-{s.name}" for s in env.spec.services
    }
    platform = dashboards["chariot-prod-platform"]
    titles = {w["properties"].get("title") for w in platform["widgets"]}
    assert {
        "Nodes",
        "Pods pending",
        "Karpenter: interruption events",
        "Ingress load balancer: new flows and resets",
        "API Gateway 4xx / 5xx (per 5 min)",
        "CloudFront error rates (%)",
        "WAF blocked requests (per 5 min)",
    } <= titles
    text = json.dumps(platform)
    assert "chariot-prod-cloudfront" in text  # the CloudFront web ACL, searched in us-east-1
    assert f'"{env.spec.cluster.name}-karpenter"' in text
