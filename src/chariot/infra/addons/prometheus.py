"""Prometheus (server, kube-state-metrics, node exporter): the metrics store behind scaling on
requests per second. Its `kubernetes-pods` job scrapes the Istio sidecars through their
prometheus.io annotations (istiod merges app and proxy metrics) and labels every series with
`namespace` and `pod`, so `istio_requests_total` per pod is what prometheus-adapter turns into
the HPAs' `requests_per_second`."""

from __future__ import annotations

from typing import ClassVar

from constructs import Construct

from chariot.infra.addons.base import AddonContext, HelmRelease, off_fargate
from chariot.infra.addons.storage_classes import DEFAULT_CLASS
from chariot.spec import footprints
from chariot.spec.model import PlatformSpec
from chariot.spec.platform_names import MONITORING_NAMESPACE

NAMESPACE = MONITORING_NAMESPACE
CHART_VERSION = "29.27.0"
REPOSITORY = "https://prometheus-community.github.io/helm-charts"
RELEASE = "prometheus"
# What prometheus-adapter (and anyone else) queries: the chart's `<release>-server` Service.
SERVER_HOST = f"http://{RELEASE}-server.{NAMESPACE}.svc.cluster.local"
SERVER_PORT = 80  # the chart's server.service.servicePort
SERVER_URL = f"{SERVER_HOST}:{SERVER_PORT}"
# Every target every 30 s (the chart's default is 1 m): a rate over a few samples follows load
# within about a minute, which is what the HPAs' one-minute scale-up window expects.
SCRAPE_INTERVAL_SECONDS = 30


class Prometheus:
    name: ClassVar[str] = "prometheus"
    footprint: ClassVar[footprints.FootprintOf] = staticmethod(footprints.prometheus)
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
                "kube-state-metrics": {
                    "enabled": True,
                    "resources": {"requests": footprints.KUBE_STATE_METRICS.requests()},
                },
                "prometheus-node-exporter": {
                    "enabled": True,
                    "affinity": off_fargate(),
                    "resources": {"requests": footprints.NODE_EXPORTER.requests()},
                },
                "server": {
                    "global": {
                        "scrape_interval": f"{SCRAPE_INTERVAL_SECONDS}s",
                        "evaluation_interval": f"{SCRAPE_INTERVAL_SECONDS}s",
                    },
                    "retention": "15d" if prod_like else "3d",
                    "persistentVolume": {
                        "enabled": True,
                        "size": "50Gi" if prod_like else "10Gi",
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
        return [ctx.helm(self.release(ctx))]
