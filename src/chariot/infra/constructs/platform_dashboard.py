"""The platform's CloudWatch dashboard: nodes and pending pods, Karpenter's interruption queue,
the Istio control plane and ingress gateway, edge 4xx/5xx, WAF blocks and the day's charges.

Metrics are named (cluster, queue, web ACL and table names are the spec's), except the edge's,
which a search expression finds in the environment's own account and region.
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from constructs import Construct

from chariot.infra.constructs.service_dashboard import (
    CONTAINER_INSIGHTS,
    HEIGHT,
    PERIOD,
    WIDTH,
    pod_metric,
    search,
)
from chariot.infra.names import prefix
from chariot.spec import platform_names as names
from chariot.spec.model import PlatformSpec

GLOBAL_REGION = "us-east-1"  # CloudFront and its WAF publish their metrics here


def dashboard_name(spec: PlatformSpec) -> str:
    return f"{prefix(spec)}-platform"


class PlatformDashboard(Construct):
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        spec: PlatformSpec,
        ingress: elbv2.NetworkLoadBalancer,
    ) -> None:
        super().__init__(scope, id)
        self.dashboard = cw.Dashboard(
            self,
            "Dashboard",
            dashboard_name=dashboard_name(spec),
            default_interval=Duration.hours(6),
        )
        self.dashboard.add_widgets(*self._cluster(spec))
        self.dashboard.add_widgets(*self._mesh(spec, ingress))
        self.dashboard.add_widgets(*self._edge(spec))

    def _cluster(self, spec: PlatformSpec) -> list[cw.IWidget]:
        def cluster(name: str, statistic: str = "Maximum") -> cw.Metric:
            return cw.Metric(
                namespace=CONTAINER_INSIGHTS,
                metric_name=name,
                dimensions_map={"ClusterName": spec.cluster.name},
                statistic=statistic,
                period=PERIOD,
            )

        widgets: list[cw.IWidget] = [
            cw.GraphWidget(
                title="Nodes",
                left=[cluster("cluster_node_count"), cluster("cluster_failed_node_count")],
                width=WIDTH,
                height=HEIGHT,
            ),
            # Enhanced observability (the add-on's default) publishes pod status counts.
            # https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-enhanced-EKS.html
            cw.GraphWidget(
                title="Pods pending",
                left=[cluster("pod_status_pending")],
                width=WIDTH,
                height=HEIGHT,
            ),
        ]
        if spec.cluster.node_autoscaler == "karpenter":
            # Spot interruptions, rebalance recommendations and instance state changes reach
            # Karpenter through this queue (its controller may run on Fargate, where Container
            # Insights has no agent; its own metrics are in Prometheus).
            def queue(name: str, statistic: str) -> cw.Metric:
                return cw.Metric(
                    namespace="AWS/SQS",
                    metric_name=name,
                    dimensions_map={"QueueName": f"{spec.cluster.name}-karpenter"},
                    statistic=statistic,
                    period=PERIOD,
                )

            widgets.append(
                cw.GraphWidget(
                    title="Karpenter: interruption events",
                    left=[queue("NumberOfMessagesReceived", "Sum")],
                    right=[queue("ApproximateAgeOfOldestMessage", "Maximum")],
                    width=WIDTH,
                    height=HEIGHT,
                )
            )
        return widgets

    def _mesh(self, spec: PlatformSpec, ingress: elbv2.NetworkLoadBalancer) -> list[cw.IWidget]:
        def nlb(name: str) -> cw.Metric:
            return cw.Metric(
                namespace="AWS/NetworkELB",
                metric_name=name,
                dimensions_map={"LoadBalancer": ingress.load_balancer_full_name},
                statistic="Sum",
                period=PERIOD,
            )

        return [
            cw.GraphWidget(
                title="Istio: istiod and ingress gateway CPU (% of limit)",
                left=[
                    pod_metric(
                        spec, names.ISTIO_NAMESPACE, "istiod", "pod_cpu_utilization_over_pod_limit"
                    ),
                    pod_metric(
                        spec,
                        names.INGRESS_NAMESPACE,
                        names.INGRESS_GATEWAY_NAME,
                        "pod_cpu_utilization_over_pod_limit",
                    ),
                ],
                width=WIDTH,
                height=HEIGHT,
            ),
            cw.GraphWidget(
                title="Ingress gateway pods",
                left=[
                    pod_metric(
                        spec,
                        names.INGRESS_NAMESPACE,
                        names.INGRESS_GATEWAY_NAME,
                        "service_number_of_running_pods",
                    )
                ],
                width=WIDTH,
                height=HEIGHT,
            ),
            cw.GraphWidget(
                title="Ingress load balancer: new flows and resets",
                left=[nlb("NewFlowCount")],
                right=[nlb("TCP_Target_Reset_Count"), nlb("TCP_ELB_Reset_Count")],
                width=WIDTH,
                height=HEIGHT,
            ),
        ]

    def _edge(self, spec: PlatformSpec) -> list[cw.IWidget]:
        widgets: list[cw.IWidget] = []
        api = spec.edge.api_gateway
        if api != "none":
            # the API's own totals: per-route (HTTP) and per-method (REST) series are left out
            scope = f'ApiName="{prefix(spec)}-api" NOT Resource' if api == "rest" else "NOT Route"
            widgets.append(
                cw.GraphWidget(
                    title="API Gateway 4xx / 5xx (per 5 min)",
                    left=[
                        search(
                            f'Namespace="AWS/ApiGateway" MetricName="{code}" {scope}', "Sum", code
                        )
                        for code in ("4xx", "5xx")
                    ],
                    width=WIDTH,
                    height=HEIGHT,
                )
            )
        if spec.edge.cdn.enabled:
            widgets.append(
                cw.GraphWidget(
                    title="CloudFront error rates (%)",
                    left=[
                        search(
                            f'Namespace="AWS/CloudFront" MetricName="{name}" Region="Global"',
                            "Average",
                            name,
                        ).with_(search_region=GLOBAL_REGION)
                        for name in ("4xxErrorRate", "5xxErrorRate")
                    ],
                    width=WIDTH,
                    height=HEIGHT,
                )
            )
        if spec.edge.waf.enabled:
            widgets.append(
                cw.GraphWidget(
                    title="WAF blocked requests (per 5 min)",
                    left=[
                        search(
                            f'Namespace="AWS/WAFV2" MetricName="BlockedRequests" '
                            f'WebACL="{prefix(spec)}-{label}" Rule="ALL"',
                            "Sum",
                            f"{label} web ACL",
                        ).with_(search_region=region)
                        for label, region in self._web_acls(spec)
                    ],
                    width=WIDTH,
                    height=HEIGHT,
                )
            )
        return widgets

    @staticmethod
    def _web_acls(spec: PlatformSpec) -> list[tuple[str, str]]:
        """(name label, region) of each web ACL the edge creates: CloudFront's (its metrics in
        us-east-1) and, for a REST API, the regional one on its stage."""
        acls = []
        if spec.edge.cdn.enabled:
            acls.append(("cloudfront", GLOBAL_REGION))
        if spec.edge.api_gateway == "rest":
            acls.append(("regional", spec.region))
        return acls
