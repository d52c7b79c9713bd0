"""One CloudWatch dashboard per service: requests, errors and latency at the edge, saturation of
its pods, its table's throttles and the cache's hit rate, from metrics CloudWatch already has.

Every metric is named, not referenced (names agreed in `chariot.infra.names` and
`chariot.spec.platform_names`), so a dashboard can live in whichever stack holds the service's
other per-service resources. The mesh's own request metrics (every call, internal ones too)
are in Prometheus: the SLO alerts read them, and the dashboard's header says how to query them.
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cw
from constructs import Construct

from chariot.infra.names import cache_member_ids, prefix
from chariot.spec.model import PlatformSpec, Service
from chariot.spec.platform_names import table_name

PERIOD = Duration.minutes(5)
WIDTH = 8  # three widgets a row on the 24-column grid
HEIGHT = 6
CONTAINER_INSIGHTS = "ContainerInsights"


def dashboard_name(spec: PlatformSpec, service: Service) -> str:
    return f"{prefix(spec)}-service-{service.name}"


def search(query: str, stat: str, label: str) -> cw.MathExpression:
    """A CloudWatch search expression (dashboards only): every metric matching `query`.
    https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/search-expression-syntax.html"""
    return cw.MathExpression(
        expression=f"SEARCH('{query}', '{stat}', {int(PERIOD.to_seconds())})",
        using_metrics={},
        label=label,
        period=PERIOD,
    )


def pod_metric(spec: PlatformSpec, namespace: str, service: str, name: str) -> cw.Metric:
    """A Container Insights metric of one Kubernetes Service's pods.
    https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-EKS.html"""
    return cw.Metric(
        namespace=CONTAINER_INSIGHTS,
        metric_name=name,
        dimensions_map={
            "ClusterName": spec.cluster.name,
            "Namespace": namespace,
            "Service": service,
        },
        statistic="Average",
        period=PERIOD,
    )


def edge_query(spec: PlatformSpec, service: Service, metric: str) -> str | None:
    """The API Gateway metrics of the service's `/v1/<name>/...` routes, or None without an API.
    HTTP APIs publish per route with detailed metrics (on in the edge stack); REST APIs per
    resource and method. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html"""
    path = f"/v1/{service.name}/{{proxy+}}"
    if spec.edge.api_gateway == "http":
        return f'Namespace="AWS/ApiGateway" MetricName="{metric}" Route="ANY {path}"'
    if spec.edge.api_gateway == "rest":
        return (
            f'Namespace="AWS/ApiGateway" MetricName="{metric}" '
            f'ApiName="{prefix(spec)}-api" Resource="{path}"'
        )
    return None


class ServiceDashboard(Construct):
    """The dashboard of one service; `routed` says whether the edge has routes to it."""

    def __init__(
        self, scope: Construct, id: str, *, spec: PlatformSpec, service: Service, routed: bool
    ) -> None:
        super().__init__(scope, id)
        self.dashboard = cw.Dashboard(
            self,
            "Dashboard",
            dashboard_name=dashboard_name(spec, service),
            default_interval=Duration.hours(3),
        )
        self.dashboard.add_widgets(self._header(spec, service))
        if routed and spec.edge.api_gateway != "none":
            self.dashboard.add_widgets(*self._edge(spec, service))
        self.dashboard.add_widgets(*self._saturation(spec, service))
        data: list[cw.IWidget] = []
        if service.data.table is not None:
            data += self._table(table_name(service.data.table.name, spec.environment))
        if service.data.cache and spec.data.cache.enabled:
            data.append(self._cache(spec))
        if data:
            self.dashboard.add_widgets(*data)

    def _header(self, spec: PlatformSpec, service: Service) -> cw.TextWidget:
        latency = spec.performance.latency
        availability = spec.observability.slo.availability.of(service.tier)
        selector = (
            f'destination_service_namespace="{service.namespace}",'
            f'destination_service_name="{service.name}"'
        )
        return cw.TextWidget(
            width=24,
            height=3,
            markdown=(
                f"# {service.name} ({service.tier.value}, {service.kind.value})\n"
                f"Objectives over {spec.observability.slo.window_days} days: "
                f"{availability:g}% not 5xx; 50/90/99% under "
                f"{latency.p50_ms}/{latency.p90_ms}/{latency.p99_ms} ms. "
                "Mesh-wide request ratios (internal calls too) are in Prometheus: "
                f"`chariot:slo_errors:ratio_rate5m{{{selector}}}` (docs/operations.md)."
            ),
        )

    def _edge(self, spec: PlatformSpec, service: Service) -> list[cw.IWidget]:
        def lines(metric: str, stats: tuple[str, ...]) -> list[cw.IMetric]:
            query = edge_query(spec, service, metric)
            return (
                [] if query is None else [search(query, stat, f"{metric} {stat}") for stat in stats]
            )

        latency = spec.performance.latency
        return [
            cw.GraphWidget(
                title="Edge requests (per 5 min)",
                left=lines("Count", ("Sum",)),
                width=WIDTH,
                height=HEIGHT,
            ),
            cw.GraphWidget(
                title="Edge errors (per 5 min)",
                left=lines("4xx", ("Sum",)) + lines("5xx", ("Sum",)),
                width=WIDTH,
                height=HEIGHT,
            ),
            cw.GraphWidget(
                title="Edge latency (ms)",
                left=lines("Latency", ("p50", "p90", "p99")),
                left_annotations=[
                    cw.HorizontalAnnotation(value=target, label=f"{name} target")
                    for name, target in (
                        ("p50", latency.p50_ms),
                        ("p90", latency.p90_ms),
                        ("p99", latency.p99_ms),
                    )
                ],
                width=WIDTH,
                height=HEIGHT,
            ),
        ]

    def _saturation(self, spec: PlatformSpec, service: Service) -> list[cw.IWidget]:
        def pods(name: str) -> cw.Metric:
            return pod_metric(spec, service.namespace, service.name, name)

        return [
            cw.GraphWidget(
                title="CPU and memory (% of the pods' limits)",
                left=[
                    pods("pod_cpu_utilization_over_pod_limit"),
                    pods("pod_memory_utilization_over_pod_limit"),
                ],
                left_y_axis=cw.YAxisProps(min=0, max=100),
                width=WIDTH,
                height=HEIGHT,
            ),
            cw.GraphWidget(
                title="Running pods",
                left=[pods("service_number_of_running_pods")],
                width=WIDTH,
                height=HEIGHT,
            ),
            cw.GraphWidget(
                title="Network (bytes/s)",
                left=[pods("pod_network_rx_bytes"), pods("pod_network_tx_bytes")],
                width=WIDTH,
                height=HEIGHT,
            ),
        ]

    def _table(self, table: str) -> list[cw.IWidget]:
        def dynamo(name: str, statistic: str = "Sum") -> cw.Metric:
            return cw.Metric(
                namespace="AWS/DynamoDB",
                metric_name=name,
                dimensions_map={"TableName": table},
                statistic=statistic,
                period=PERIOD,
            )

        return [
            cw.GraphWidget(
                title=f"{table}: throttled (per 5 min)",
                left=[dynamo("ReadThrottleEvents"), dynamo("WriteThrottleEvents")],
                width=WIDTH,
                height=HEIGHT,
            ),
            cw.GraphWidget(
                title=f"{table}: consumed capacity units (per 5 min)",
                left=[
                    dynamo("ConsumedReadCapacityUnits"),
                    dynamo("ConsumedWriteCapacityUnits"),
                ],
                width=WIDTH,
                height=HEIGHT,
            ),
        ]

    def _cache(self, spec: PlatformSpec) -> cw.IWidget:
        """CacheHitRate of each node of the shared cache (every service's keys together)."""
        return cw.GraphWidget(
            title="Cache hit rate (%, shared cache)",
            left=[
                cw.Metric(
                    namespace="AWS/ElastiCache",
                    metric_name="CacheHitRate",
                    dimensions_map={"CacheClusterId": member},
                    statistic="Average",
                    period=PERIOD,
                    label=member,
                )
                for member in cache_member_ids(spec)
            ],
            left_y_axis=cw.YAxisProps(min=0, max=100),
            width=WIDTH,
            height=HEIGHT,
        )
