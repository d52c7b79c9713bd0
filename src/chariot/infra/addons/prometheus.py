"""Prometheus (server, kube-state-metrics, node exporter): the metrics store behind scaling on
requests per second. Its `kubernetes-pods` job scrapes the Istio sidecars through their
prometheus.io annotations (istiod merges app and proxy metrics) and labels every series with
`namespace` and `pod`, so `istio_requests_total` per pod is what prometheus-adapter turns into
the HPAs' `requests_per_second`. It also evaluates the SLO burn-rate rules
(`slo_rules`), and its Alertmanager publishes the alerts to the alerts SNS topic through Pod
Identity."""

from __future__ import annotations

from typing import ClassVar

from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from chariot.infra.addons.base import AddonContext, HelmRelease, WorkloadIdentity, off_fargate
from chariot.infra.addons.slo_rules import alertmanager_config, rule_groups
from chariot.infra.addons.storage_classes import DEFAULT_CLASS
from chariot.infra.names import alerts_topic_name
from chariot.spec import footprints
from chariot.spec.model import PlatformSpec
from chariot.spec.platform_names import MONITORING_NAMESPACE

NAMESPACE = MONITORING_NAMESPACE
CHART_VERSION = "29.27.0"
REPOSITORY = "https://prometheus-community.github.io/helm-charts"
RELEASE = footprints.PROMETHEUS_RELEASE
# What prometheus-adapter (and anyone else) queries: the chart's `<release>-server` Service.
SERVER_HOST = f"http://{RELEASE}-server.{NAMESPACE}.svc.cluster.local"
SERVER_PORT = 80  # the chart's server.service.servicePort
SERVER_URL = f"{SERVER_HOST}:{SERVER_PORT}"
# Every target every 30 s (the chart's default is 1 m): a rate over a few samples follows load
# within about a minute, which is what the HPAs' one-minute scale-up window expects.
SCRAPE_INTERVAL_SECONDS = 30
ALERTMANAGER_ACCOUNT = "alertmanager"


class Prometheus:
    name: ClassVar[str] = "prometheus"
    footprint: ClassVar[footprints.FootprintOf] = staticmethod(footprints.prometheus)
    after: ClassVar[tuple[str, ...]] = ("storage-classes", "aws-load-balancer-controller")

    def enabled(self, spec: PlatformSpec) -> bool:
        return True

    def release(
        self, ctx: AddonContext, alertmanager_annotations: dict[str, str] | None = None
    ) -> HelmRelease:
        prod_like = ctx.spec.deletion_protection
        server_volume = footprints.prometheus_server_volume(ctx.spec)
        return HelmRelease(
            release=RELEASE,
            chart="prometheus",
            repository=REPOSITORY,
            version=ctx.version(RELEASE, CHART_VERSION),
            namespace=NAMESPACE,
            values={
                "alertmanager": {
                    "enabled": True,
                    "serviceAccount": {
                        "name": ALERTMANAGER_ACCOUNT,
                        "annotations": alertmanager_annotations or {},
                    },
                    "persistence": {
                        "enabled": True,
                        "size": footprints.ALERTMANAGER_VOLUME.size,
                        "storageClass": DEFAULT_CLASS,
                    },
                    "resources": {
                        "requests": {"cpu": "10m", "memory": "64Mi"},
                        "limits": {"memory": "128Mi"},
                    },
                    "config": alertmanager_config(topic_arn(ctx), ctx.spec.region),
                },
                "prometheus-pushgateway": {"enabled": False},
                "kube-state-metrics": {
                    "enabled": True,
                    "resources": {"requests": footprints.KUBE_STATE_METRICS.requests()},
                },
                "prometheus-node-exporter": {
                    "enabled": True,
                    "affinity": off_fargate(),
                    "resources": {"requests": footprints.NODE_EXPORTER.requests()},
                },
                "serverFiles": {"alerting_rules.yml": rule_groups(ctx.spec)},
                "server": {
                    "global": {
                        "scrape_interval": f"{SCRAPE_INTERVAL_SECONDS}s",
                        "evaluation_interval": f"{SCRAPE_INTERVAL_SECONDS}s",
                    },
                    "retention": "15d" if prod_like else "3d",
                    "persistentVolume": {
                        "enabled": True,
                        "size": server_volume.size,
                        "storageClass": DEFAULT_CLASS,
                    },
                    "resources": {
                        "requests": footprints.PROMETHEUS_SERVER.requests(),
                        "limits": {"memory": "4Gi"},
                    },
                },
            },
        )

    def install(self, ctx: AddonContext) -> list[Construct]:
        identity = alertmanager_identity(ctx)
        chart = ctx.helm(self.release(ctx, dict(identity.service_account_annotations)))
        chart.node.add_dependency(identity.construct)
        return [chart]


def topic_arn(ctx: AddonContext) -> str:
    """The alerts topic by name: the governance stack that owns it is deployed later."""
    return ctx.arn("sns", alerts_topic_name(ctx.spec))


def alertmanager_identity(ctx: AddonContext) -> WorkloadIdentity:
    """Publish to the alerts topic only; the topic is encrypted, so SNS needs the key's data
    keys on Alertmanager's behalf (the key policy allows its use only through SNS).
    https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html"""
    key = ctx.shared.get("key:alerts", kms.Key)
    return ctx.workload_identity(
        "AlertmanagerIdentity",
        namespace=NAMESPACE,
        service_account=ALERTMANAGER_ACCOUNT,
        statements=[
            iam.PolicyStatement(actions=["sns:Publish"], resources=[topic_arn(ctx)]),
            iam.PolicyStatement(
                actions=["kms:GenerateDataKey", "kms:Decrypt"], resources=[key.key_arn]
            ),
        ],
    )
