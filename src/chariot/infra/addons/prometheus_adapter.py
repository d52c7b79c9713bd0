"""prometheus-adapter: serves the custom metrics API (`custom.metrics.k8s.io`) that the services'
HPAs read their `requests_per_second` Pods metric from.

One rule, nothing else: the rate of `istio_requests_total` as reported by the receiving
sidecar (`reporter="destination"`), per pod. Every meshed pod exports it, whatever the service
is written in. The chart's default rules (every container_* and *_total series) stay off, and
no resource or external rules are set, so the adapter registers neither `metrics.k8s.io`
(metrics-server, an EKS add-on, serves cpu and memory) nor `external.metrics.k8s.io`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from constructs import Construct

from chariot.infra.addons import prometheus
from chariot.infra.addons.base import AddonContext, HelmRelease
from chariot.spec import footprints
from chariot.spec.model import PlatformSpec
from chariot.spec.platform_names import MONITORING_NAMESPACE, REQUESTS_PER_SECOND_METRIC

CHART_VERSION = "5.3.0"  # prometheus-community, adapter v0.12.0
REPOSITORY = "https://prometheus-community.github.io/helm-charts"
RELEASE = "prometheus-adapter"
SOURCE_METRIC = "istio_requests_total"
REPORTER = 'reporter="destination"'  # counted once, by the pod that served the request
# A rate needs at least two samples in its window; four leave room for a missed scrape.
RATE_WINDOW_SECONDS = 4 * prometheus.SCRAPE_INTERVAL_SECONDS


def requests_per_second_rule() -> dict[str, Any]:
    """The adapter rule: `<metric>{namespace, pod}` -> `requests_per_second` of that pod.

    `namespace` and `pod` are the labels the Prometheus add-on's pod scrape job adds to every
    series; the overrides map them onto the Kubernetes resources the HPA asks about.
    """
    return {
        "seriesQuery": f'{SOURCE_METRIC}{{{REPORTER},namespace!="",pod!=""}}',
        "resources": {
            "overrides": {
                "namespace": {"resource": "namespace"},
                "pod": {"resource": "pod"},
            }
        },
        "name": {"matches": f"^{SOURCE_METRIC}$", "as": REQUESTS_PER_SECOND_METRIC},
        "metricsQuery": (
            f"sum(rate(<<.Series>>{{<<.LabelMatchers>>,{REPORTER}}}[{RATE_WINDOW_SECONDS}s]))"
            " by (<<.GroupBy>>)"
        ),
    }


class PrometheusAdapter:
    name: ClassVar[str] = "prometheus-adapter"
    footprint: ClassVar[footprints.FootprintOf] = staticmethod(footprints.prometheus_adapter)
    after: ClassVar[tuple[str, ...]] = (prometheus.Prometheus.name,)

    def enabled(self, spec: PlatformSpec) -> bool:
        return True

    def release(self, ctx: AddonContext) -> HelmRelease:
        return HelmRelease(
            release=RELEASE,
            chart="prometheus-adapter",
            repository=REPOSITORY,
            version=ctx.version(RELEASE, CHART_VERSION),
            namespace=MONITORING_NAMESPACE,
            values={
                "prometheus": {"url": prometheus.SERVER_HOST, "port": prometheus.SERVER_PORT},
                # New series (a new pod) become visible to the HPA within one relist.
                "metricsRelistInterval": f"{RATE_WINDOW_SECONDS // 2}s",
                "rules": {"default": False, "custom": [requests_per_second_rule()]},
                # Every HPA in the cluster reads through it: two replicas, one may be evicted.
                "replicas": footprints.PROMETHEUS_ADAPTER.replicas,
                "podDisruptionBudget": {"enabled": True, "maxUnavailable": 1},
                "resources": {
                    "requests": footprints.PROMETHEUS_ADAPTER.requests(),
                    "limits": {"memory": "512Mi"},
                },
            },
            wait=True,
        )

    def install(self, ctx: AddonContext) -> list[Construct]:
        return [ctx.helm(self.release(ctx))]
