"""Every CloudWatch alarm reads a metric namespace that something in the platform publishes.

An alarm on a metric nobody publishes stays in INSUFFICIENT_DATA (or OK, with missing data
treated as not breaching) forever: it looks like monitoring and never fires. AWS services
publish their `AWS/<service>` namespace for resources that exist, so the namespace needs a
resource of that service in the templates. `ContainerInsights` is published only by the
CloudWatch agent, i.e. the `amazon-cloudwatch-observability` EKS add-on (or its Helm chart)
on the cluster the alarm names.
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/aws-services-cloudwatch-metrics.html
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-EKS.html

`AWS/Billing` is published only when the account turns on billing alerts in its billing
preferences, which no template can do: reported as not applicable, with that reason.
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/monitor_estimated_charges_with_cloudwatch.html
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from chariot.verify.readiness.base import (
    NotApplicable,
    Platform,
    Resource,
    Result,
    Violation,
    as_list,
)

CONTAINER_INSIGHTS = "ContainerInsights"
CLOUDWATCH_OBSERVABILITY = "amazon-cloudwatch-observability"
BILLING = "AWS/Billing"

# AWS namespace -> resource types whose existence makes the service publish it.
SERVICE_NAMESPACES: dict[str, tuple[str, ...]] = {
    "AWS/Neptune": ("AWS::Neptune::DBCluster", "AWS::Neptune::DBInstance"),
    "AWS/ElastiCache": (
        "AWS::ElastiCache::ReplicationGroup", "AWS::ElastiCache::CacheCluster",
        "AWS::ElastiCache::ServerlessCache",
    ),
    "AWS/NetworkELB": ("AWS::ElasticLoadBalancingV2::LoadBalancer",),
    "AWS/ApplicationELB": ("AWS::ElasticLoadBalancingV2::LoadBalancer",),
    "AWS/DynamoDB": ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable"),
    "AWS/ApiGateway": ("AWS::ApiGatewayV2::Api", "AWS::ApiGateway::RestApi"),
    "AWS/CloudFront": ("AWS::CloudFront::Distribution",),
    "AWS/WAFV2": ("AWS::WAFv2::WebACL",),
    "AWS/Lambda": ("AWS::Lambda::Function",),
    "AWS/SQS": ("AWS::SQS::Queue",),
    "AWS/SNS": ("AWS::SNS::Topic",),
    "AWS/Events": ("AWS::Events::Rule",),
    "AWS/Backup": ("AWS::Backup::BackupPlan", "AWS::Backup::BackupVault"),
    "AWS/S3": ("AWS::S3::Bucket",),
    "AWS/Logs": ("AWS::Logs::LogGroup",),
    "AWS/EKS": ("AWS::EKS::Cluster",),
    "AWS/NATGateway": ("AWS::EC2::NatGateway",),
}  # fmt: skip

QUERY_NAMESPACE = re.compile(
    r"""(?:SCHEMA\(\s*|FROM\s+(?!SCHEMA\b))["']?([A-Za-z0-9/_.\-]+)""", re.IGNORECASE
)
QUERY_CLUSTER = re.compile(r"""ClusterName\s*=\s*'([^']+)'""")


def _metrics(alarm: Resource) -> Iterator[tuple[str, str]]:
    """(namespace, what it is read for) of every metric and Metrics Insights query."""
    if alarm.get("Namespace"):
        yield str(alarm.get("Namespace")), str(alarm.get("MetricName"))
    for query in as_list(alarm.get("Metrics")):
        if not isinstance(query, dict):
            continue
        metric = (query.get("MetricStat") or {}).get("Metric") or {}
        if metric.get("Namespace"):
            yield str(metric["Namespace"]), str(metric.get("MetricName"))
        expression = query.get("Expression")
        if isinstance(expression, str):
            for namespace in QUERY_NAMESPACE.findall(expression):
                yield namespace, expression


def _clusters_with_agent(platform: Platform) -> set[str]:
    """Names of the clusters where the CloudWatch agent runs (EKS add-on or Helm chart)."""
    names = set()
    for addon in platform.resources("AWS::EKS::Addon"):
        if addon.get("AddonName") == CLOUDWATCH_OBSERVABILITY:
            target = platform.target(addon.template, addon.get("ClusterName"))
            cluster = target.resource.get("Name") if target else addon.get("ClusterName")
            names.add(platform.text(addon.template, cluster) or "")
    for chart in platform.resources("Custom::AWSCDK-EKS-HelmChart"):
        if chart.get("Chart") == CLOUDWATCH_OBSERVABILITY:
            target = platform.target(chart.template, chart.get("ClusterName"))
            names.add(str(target.resource.get("Name")) if target else "")
    return names


def _alarm_clusters(alarm: Resource, what: str) -> set[str]:
    names = set(QUERY_CLUSTER.findall(what))
    for query in as_list(alarm.get("Metrics")):
        metric = ((query or {}).get("MetricStat") or {}).get("Metric") or {}
        for dimension in as_list(metric.get("Dimensions")):
            if dimension.get("Name") == "ClusterName":
                names.add(str(dimension.get("Value")))
    for dimension in as_list(alarm.get("Dimensions")):
        if dimension.get("Name") == "ClusterName":
            names.add(str(dimension.get("Value")))
    return names


def check(platform: Platform) -> Iterator[Result]:
    agents = _clusters_with_agent(platform)
    for alarm in platform.resources("AWS::CloudWatch::Alarm"):
        for namespace, what in _metrics(alarm):
            if namespace == BILLING:
                yield NotApplicable(
                    alarm,
                    "AWS/Billing is published only once the account turns on 'Receive CloudWatch "
                    "billing alerts' in its billing preferences (no template can)",
                )
            elif namespace == CONTAINER_INSIGHTS:
                missing = _alarm_clusters(alarm, what) - agents or (set() if agents else {"?"})
                if missing:
                    yield Violation(
                        alarm,
                        f"reads {CONTAINER_INSIGHTS} metrics of cluster(s) "
                        f"{', '.join(sorted(missing))}, but nothing publishes them there: "
                        f"install the {CLOUDWATCH_OBSERVABILITY} EKS add-on on that cluster "
                        "(the alarm can never fire)",
                    )
            elif namespace in SERVICE_NAMESPACES:
                if not platform.resources(*SERVICE_NAMESPACES[namespace]):
                    yield Violation(
                        alarm,
                        f"reads {namespace} but the platform has no "
                        f"{' / '.join(SERVICE_NAMESPACES[namespace])}: the alarm can never fire",
                    )
            else:
                yield Violation(
                    alarm,
                    f"reads namespace {namespace!r}, which no AWS service or component of the "
                    "platform publishes: the alarm can never fire",
                )
