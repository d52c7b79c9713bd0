"""Prometheus (server, kube-state-metrics, node exporter): the metrics store behind scaling on
requests per second. It scrapes the Istio sidecars through their prometheus.io annotations
(istiod merges app and proxy metrics), so `istio_requests_total` per workload is available to
KEDA's Prometheus scaler."""

from __future__ import annotations

from typing import ClassVar

from constructs import Construct

from chariot.infra.addons.base import AddonContext, HelmRelease
from chariot.infra.addons.storage_classes import DEFAULT_CLASS
from chariot.spec.model import PlatformSpec

NAMESPACE = "monitoring"
CHART_VERSION = "29.27.0"
REPOSITORY = "https://prometheus-community.github.io/helm-charts"
RELEASE = "prometheus"
# What KEDA (and anyone else) queries: <release>-server.<namespace>, port 80.
SERVER_URL = f"http://{RELEASE}-server.{NAMESPACE}.svc.cluster.local:80"


class Prometheus:
    name: ClassVar[str] = "prometheus"
    after: ClassVar[tuple[str, ...]] = ("storage-classes", "aws-load-balancer-controller")

    def enabled(self, spec: PlatformSpec) -> bool:
        return True

    def release(self, ctx: AddonContext) -> HelmRelease:
        prod_like = ctx.spec.deletion_protection
        return HelmRelease(
            release=RELEASE,
            chart="prometheus",
            repository=REPOSITORY,
            version=ctx.version(RELEASE, CHART_VERSION),
            namespace=NAMESPACE,
            values={
                "alertmanager": {"enabled": False},  # alarms are CloudWatch's job here
                "prometheus-pushgateway": {"enabled": False},
                "kube-state-metrics": {"enabled": True},
                "prometheus-node-exporter": {"enabled": True},
                "server": {
                    "retention": "15d" if prod_like else "3d",
                    "persistentVolume": {
                        "enabled": True,
                        "size": "50Gi" if prod_like else "10Gi",
                        "storageClass": DEFAULT_CLASS,
                    },
                    "resources": {
                        "requests": {"cpu": "500m", "memory": "2Gi"},
                        "limits": {"memory": "4Gi"},
                    },
                },
            },
        )

    def install(self, ctx: AddonContext) -> list[Construct]:
        return [ctx.helm(self.release(ctx))]
