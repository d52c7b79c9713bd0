"""Every alarm reads a namespace something in the platform publishes."""

from __future__ import annotations

from typing import Any

from chariot.spec.model import PlatformSpec
from chariot.verify.readiness.base import NotApplicable, Violation
from tests.verify.readiness.fixtures import platform, resource, results, template

RULE = "alarm-metrics-published"
QUERY = (
    "SELECT MAX(node_cpu_utilization) FROM SCHEMA(ContainerInsights, ClusterName, InstanceId, "
    "NodeName) WHERE ClusterName = 'prod-cluster'"
)


def _node_alarm() -> dict[str, Any]:
    return resource("AWS::CloudWatch::Alarm", Metrics=[{"Id": "q", "Expression": QUERY}])


def _cluster(*addons: str) -> dict[str, dict[str, Any]]:
    resources = {"Cluster": resource("AWS::EKS::Cluster", Name="prod-cluster")}
    for name in addons:
        resources[name] = resource(
            "AWS::EKS::Addon", AddonName=name, ClusterName={"Ref": "Cluster"}
        )
    return resources


def test_node_alarms_pass_with_the_cloudwatch_observability_addon(spec: PlatformSpec) -> None:
    view = platform(
        spec,
        template("cluster", _cluster("amazon-cloudwatch-observability")),
        template("governance", {"Node": _node_alarm()}),
    )
    assert results(RULE, view) == []


def test_node_alarms_without_a_publisher_fail_naming_the_cluster(spec: PlatformSpec) -> None:
    view = platform(
        spec,
        template("cluster", _cluster("vpc-cni")),
        template("governance", {"Node": _node_alarm()}),
    )
    (found,) = results(RULE, view)
    assert isinstance(found, Violation)
    assert "ContainerInsights metrics of cluster(s) prod-cluster" in found.reason
    assert "amazon-cloudwatch-observability" in found.reason


def test_service_namespaces_need_a_resource_of_that_service(spec: PlatformSpec) -> None:
    alarm = resource("AWS::CloudWatch::Alarm", Namespace="AWS/Neptune", MetricName="CPU")
    graph = resource("AWS::Neptune::DBCluster")
    assert results(RULE, platform(spec, template(resources={"A": alarm, "G": graph}))) == []
    (found,) = results(RULE, platform(spec, template(resources={"A": alarm})))
    assert "reads AWS/Neptune but the platform has no AWS::Neptune::DBCluster" in found.reason


def test_unknown_namespaces_fail_and_billing_is_flagged_not_applicable(
    spec: PlatformSpec,
) -> None:
    custom = resource("AWS::CloudWatch::Alarm", Namespace="Chariot/Orders", MetricName="x")
    billing = resource(
        "AWS::CloudWatch::Alarm",
        Metrics=[{"Id": "c", "MetricStat": {"Metric": {"Namespace": "AWS/Billing"}}}],
    )
    custom_found, billing_found = results(
        RULE, platform(spec, template(resources={"C": custom, "B": billing}))
    )
    assert isinstance(custom_found, Violation)
    assert "'Chariot/Orders'" in custom_found.reason
    assert isinstance(billing_found, NotApplicable)
