"""Cost and health governance: budgets, anomaly detection, a daily charges alarm, and the
CloudWatch alarms of the spec's thresholds for the cluster, the edge and the data tier.

Every alarm notifies one KMS-encrypted SNS topic that mails `observability.alarm_email`.
Billing metrics exist only in us-east-1: when the platform lives elsewhere the charges alarm
gets a small stack (and topic) of its own there.
"""

from __future__ import annotations

import json

from aws_cdk import CfnOutput, Duration
from aws_cdk import aws_budgets as budgets
from aws_cdk import aws_ce as ce
from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from constructs import Construct

from chariot.infra.constructs.alert_topic import alert_topic
from chariot.infra.constructs.domain_key import domain_key
from chariot.infra.constructs.platform_dashboard import PlatformDashboard
from chariot.infra.constructs.unused_volumes import UnusedVolumesJob
from chariot.infra.names import cache_member_ids, graph_cluster_id, prefix
from chariot.infra.shared import Shared
from chariot.infra.stacks.base import ENVIRONMENT_TAG, PlatformStack
from chariot.spec.model import PlatformSpec

BILLING_REGION = "us-east-1"
# Cost Anomaly Detection has no "sensitivity" setting: the spec's level maps onto the smallest
# total impact (USD) of an anomaly worth a notification.
SENSITIVITY_IMPACT_USD = {"HIGH": 10, "MEDIUM": 100, "LOW": 500}
FIVE_MINUTES = Duration.minutes(5)


def alerts_topic(scope: Construct, spec: PlatformSpec, key: kms.IKey) -> sns.Topic:
    """The topic every alarm and budget notifies; TLS-only, encrypted, mailed to the spec."""
    return alert_topic(
        scope,
        "Alerts",
        spec,
        key,
        purpose="alerts",
        publisher_sid="BudgetsOfThisAccount",
        publisher="budgets.amazonaws.com",
    )


def daily_charges_alarm(scope: Construct, spec: PlatformSpec, topic: sns.ITopic) -> cw.Alarm:
    """EstimatedCharges is month-to-date: alarm on its day-over-day increase."""
    if spec.cost.daily_charges_alarm_usd is None:  # pragma: no cover - callers check
        raise ValueError("no daily_charges_alarm_usd in the spec")
    charges = cw.Metric(
        namespace="AWS/Billing",
        metric_name="EstimatedCharges",
        dimensions_map={"Currency": "USD"},
        statistic="Maximum",
        period=Duration.days(1),
        region=BILLING_REGION,
    )
    alarm = cw.Alarm(
        scope,
        "DailyEstimatedCharges",
        alarm_name=f"{prefix(spec)}-daily-estimated-charges",
        alarm_description=(
            f"Estimated charges grew by more than ${spec.cost.daily_charges_alarm_usd:g} in a day"
        ),
        metric=cw.MathExpression(
            expression="DIFF(charges)",
            using_metrics={"charges": charges},
            label="daily increase of EstimatedCharges (USD)",
            period=Duration.days(1),
        ),
        threshold=spec.cost.daily_charges_alarm_usd,
        comparison_operator=cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        # DIFF needs the previous day in the evaluated window; either day over the limit alarms.
        evaluation_periods=2,
        datapoints_to_alarm=1,
        treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
    )
    alarm.add_alarm_action(cw_actions.SnsAction(topic))
    return alarm


def busiest_node_query(metric_name: str, cluster: str) -> str:
    """A CloudWatch Metrics Insights query (not SQL; `cluster` is a spec-checked DNS label)."""
    schema = "SCHEMA(ContainerInsights, ClusterName, InstanceId, NodeName)"
    return f"SELECT MAX({metric_name}) FROM {schema} WHERE ClusterName = '{cluster}'"  # noqa: S608


class BillingStack(PlatformStack):
    """Only when the platform's region is not us-east-1, where billing metrics live."""

    part = "billing"

    def __init__(self, scope: Construct, spec: PlatformSpec) -> None:
        super().__init__(
            scope,
            spec,
            "Chariot billing alarm (billing metrics exist in us-east-1 only)",
            region=BILLING_REGION,
        )
        key = domain_key(
            self,
            "AlertsKey",
            alias=f"alias/{prefix(spec)}-billing-alerts",
            description="Encrypts the billing alerts SNS topic",
            account=spec.account,
            via_services=[f"sns.{BILLING_REGION}.amazonaws.com"],
            service_principals=["cloudwatch.amazonaws.com"],
        )
        self.topic = alerts_topic(self, spec, key)
        self.alarm = daily_charges_alarm(self, spec, self.topic)


class GovernanceStack(PlatformStack):
    part = "governance"

    def __init__(self, scope: Construct, spec: PlatformSpec, shared: Shared) -> None:
        super().__init__(scope, spec, "Chariot governance: budgets, cost anomalies, alarms")
        self.topic = alerts_topic(self, spec, shared.get("key:alerts", kms.Key))
        self.action = cw_actions.SnsAction(self.topic)
        self.alarms: list[cw.Alarm] = []

        self._budgets(spec)
        self._anomaly_detection(spec)
        if spec.cost.daily_charges_alarm_usd is not None:
            if spec.region == BILLING_REGION:
                daily_charges_alarm(self, spec, self.topic)
            else:
                BillingStack(scope, spec)
        self._cluster_alarms(spec)
        ingress = shared.get("ingress-load-balancer", elbv2.NetworkLoadBalancer)
        self._edge_alarms(spec, ingress)
        self._data_alarms(spec)
        self._backup_alarms(spec)
        PlatformDashboard(self, "PlatformDashboard", spec=spec, ingress=ingress)
        if spec.cost.unused_volumes.enabled:
            UnusedVolumesJob(
                self,
                "UnusedVolumes",
                spec=spec,
                topic=self.topic,
                topic_key=shared.get("key:alerts", kms.Key),
                logs_key=shared.get("key:logs", kms.Key),
            )
        CfnOutput(self, "AlertsTopicArn", value=self.topic.topic_arn)

    def _budgets(self, spec: PlatformSpec) -> None:
        for budget in spec.cost.budgets:
            cost_filters = {"Service": [budget.service_filter]} if budget.service_filter else None
            budgets.CfnBudget(
                self,
                f"Budget{budget.name.replace('-', '').replace('_', '')}",
                budget=budgets.CfnBudget.BudgetDataProperty(
                    budget_name=budget.name,
                    budget_type="COST",
                    time_unit="MONTHLY",
                    budget_limit=budgets.CfnBudget.SpendProperty(
                        amount=budget.limit_usd, unit="USD"
                    ),
                    cost_filters=cost_filters,
                ),
                notifications_with_subscribers=[
                    budgets.CfnBudget.NotificationWithSubscribersProperty(
                        notification=budgets.CfnBudget.NotificationProperty(
                            notification_type=kind,
                            comparison_operator="GREATER_THAN",
                            threshold=budget.threshold_percent,
                            threshold_type="PERCENTAGE",
                        ),
                        subscribers=[
                            budgets.CfnBudget.SubscriberProperty(
                                subscription_type="EMAIL", address=budget.email
                            ),
                            budgets.CfnBudget.SubscriberProperty(
                                subscription_type="SNS", address=self.topic.topic_arn
                            ),
                        ],
                    )
                    for kind in ("ACTUAL", "FORECASTED")
                ],
            )

    def _anomaly_detection(self, spec: PlatformSpec) -> None:
        detection = spec.cost.anomaly_detection
        if detection is None or not detection.enabled:
            return
        monitor_arn = detection.monitor_arn or self._anomaly_monitor(spec).attr_monitor_arn
        impact = SENSITIVITY_IMPACT_USD[detection.sensitivity]
        ce.CfnAnomalySubscription(
            self,
            "CostAnomalySubscription",
            subscription_name=f"{prefix(spec)}-anomalies-{detection.sensitivity.lower()}",
            frequency="DAILY",
            monitor_arn_list=[monitor_arn],
            subscribers=[
                ce.CfnAnomalySubscription.SubscriberProperty(type="EMAIL", address=detection.email)
            ],
            threshold_expression=json.dumps(
                {
                    "Dimensions": {
                        "Key": "ANOMALY_TOTAL_IMPACT_ABSOLUTE",
                        "MatchOptions": ["GREATER_THAN_OR_EQUAL"],
                        "Values": [str(impact)],
                    }
                }
            ),
        )

    def _anomaly_monitor(self, spec: PlatformSpec) -> ce.CfnAnomalyMonitor:
        """A customer-managed monitor of this environment's tagged costs. AWS-managed
        (DIMENSIONAL) monitors are limited per account and most accounts already have the
        default SERVICE one, so creating another fails; CUSTOM monitors have no such limit.
        The tag must be activated as a cost allocation tag (docs/infrastructure.md).
        https://docs.aws.amazon.com/cost-management/latest/userguide/getting-started-ad.html#monitor-type-def
        """
        return ce.CfnAnomalyMonitor(
            self,
            "CostAnomalyMonitor",
            monitor_name=f"{prefix(spec)}-tagged-costs",
            monitor_type="CUSTOM",
            monitor_specification=json.dumps(
                {
                    "Tags": {
                        "Key": ENVIRONMENT_TAG,
                        "Values": [spec.environment],
                        "MatchOptions": ["EQUALS"],
                    }
                }
            ),
        )

    def _alarm(
        self, construct_id: str, name: str, metric: cw.IMetric, threshold: float, what: str
    ) -> cw.Alarm:
        alarm = cw.Alarm(
            self,
            construct_id,
            alarm_name=f"{prefix(self.spec)}-{name}",
            alarm_description=what,
            metric=metric,
            threshold=threshold,
            comparison_operator=cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluation_periods=3,
            datapoints_to_alarm=3,
            treat_missing_data=cw.TreatMissingData.MISSING,
        )
        alarm.add_alarm_action(self.action)
        alarm.add_ok_action(self.action)
        self.alarms.append(alarm)
        return alarm

    def _cluster_alarms(self, spec: PlatformSpec) -> None:
        """The busiest node's utilisation (Container Insights publishes these per node).

        A Metrics Insights query takes the maximum over the cluster's nodes, so one full node
        alarms even when the average looks fine, and node churn (Karpenter) needs no new alarms.
        """
        limits = spec.observability.thresholds
        for construct_id, metric_name, threshold, what in (
            ("ClusterCpu", "node_cpu_utilization", limits.cpu_percent, "CPU"),
            ("ClusterMemory", "node_memory_utilization", limits.memory_percent, "memory"),
            ("ClusterDisk", "node_filesystem_utilization", limits.disk_percent, "disk"),
        ):
            self._alarm(
                construct_id,
                f"cluster-{metric_name.replace('_', '-')}",
                cw.MathExpression(
                    expression=busiest_node_query(metric_name, spec.cluster.name),
                    using_metrics={},
                    label=f"busiest node {what} (%)",
                    period=FIVE_MINUTES,
                ),
                threshold,
                f"a node of cluster {spec.cluster.name} uses more than {threshold:g}% {what}",
            )

    def _backup_alarms(self, spec: PlatformSpec) -> None:
        """Any failed backup or copy job (the DR copies run from this region). AWS Backup
        publishes job counts every 5 minutes; a Metrics Insights query sums them over every
        vault and resource type.
        https://docs.aws.amazon.com/aws-backup/latest/devguide/cloudwatch.html"""
        for construct_id, metric_name, what in (
            ("BackupJobsFailed", "NumberOfBackupJobsFailed", "backup"),
            ("CopyJobsFailed", "NumberOfCopyJobsFailed", "copy (to the DR vault)"),
        ):
            alarm = cw.Alarm(
                self,
                construct_id,
                alarm_name=f"{prefix(spec)}-{what.split()[0]}-jobs-failed",
                alarm_description=f"an AWS Backup {what} job failed",
                metric=cw.MathExpression(
                    expression=f'SELECT SUM({metric_name}) FROM "AWS/Backup"',  # noqa: S608
                    using_metrics={},
                    label=f"failed {what} jobs",
                    period=FIVE_MINUTES,
                ),
                threshold=0,
                comparison_operator=cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
                evaluation_periods=1,
                treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
            )
            alarm.add_alarm_action(self.action)
            self.alarms.append(alarm)

    def _edge_alarms(self, spec: PlatformSpec, nlb: elbv2.NetworkLoadBalancer) -> None:
        """Network errors: TCP resets as a percentage of new flows at the ingress NLB."""
        name = nlb.load_balancer_full_name

        def nlb_metric(metric_name: str) -> cw.Metric:
            return cw.Metric(
                namespace="AWS/NetworkELB",
                metric_name=metric_name,
                dimensions_map={"LoadBalancer": name},
                statistic="Sum",
                period=FIVE_MINUTES,
            )

        limit = spec.observability.thresholds.network_errors_percent
        self._alarm(
            "IngressNetworkErrors",
            "ingress-network-errors",
            cw.MathExpression(
                expression="100 * (target + elb) / IF(flows > 0, flows, 1)",
                using_metrics={
                    "target": nlb_metric("TCP_Target_Reset_Count"),
                    "elb": nlb_metric("TCP_ELB_Reset_Count"),
                    "flows": nlb_metric("NewFlowCount"),
                },
                label="TCP resets per new flow (%)",
                period=FIVE_MINUTES,
            ),
            limit,
            f"TCP resets at the ingress load balancer above {limit:g}% of new flows",
        )

    def _data_alarms(self, spec: PlatformSpec) -> None:
        limits = spec.observability.thresholds
        if spec.data.neptune.enabled:
            self._alarm(
                "GraphCpu",
                "graph-cpu",
                cw.Metric(
                    namespace="AWS/Neptune",
                    metric_name="CPUUtilization",
                    dimensions_map={"DBClusterIdentifier": graph_cluster_id(spec)},
                    statistic="Average",
                    period=FIVE_MINUTES,
                ),
                limits.cpu_percent,
                f"Neptune CPU above {limits.cpu_percent:g}%",
            )
        if spec.data.cache.enabled:
            for member in cache_member_ids(spec):
                suffix = member.rsplit("-", 1)[1]
                for construct_id, metric_name, threshold, what in (
                    ("Cpu", "EngineCPUUtilization", limits.cpu_percent, "engine CPU"),
                    ("Memory", "DatabaseMemoryUsagePercentage", limits.memory_percent, "memory"),
                ):
                    self._alarm(
                        f"Cache{construct_id}{suffix}",
                        f"cache-{suffix}-{construct_id.lower()}",
                        cw.Metric(
                            namespace="AWS/ElastiCache",
                            metric_name=metric_name,
                            dimensions_map={"CacheClusterId": member},
                            statistic="Average",
                            period=FIVE_MINUTES,
                        ),
                        threshold,
                        f"cache node {member} {what} above {threshold:g}%",
                    )
