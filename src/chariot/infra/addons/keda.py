"""KEDA: turns a ScaledObject with a Prometheus trigger (requests per second from Istio's
`istio_requests_total`) into an HPA, through the external metrics API. metrics-server (an EKS
add-on) keeps serving cpu and memory, so one HPA can scale on cpu and requests per second."""

from __future__ import annotations

from typing import ClassVar

from constructs import Construct

from chariot.infra.addons.base import AddonContext, HelmRelease
from chariot.spec.model import PlatformSpec

NAMESPACE = "keda"
CHART_VERSION = "2.20.2"  # the version of the CRDs in ../shared/crds
REPOSITORY = "https://kedacore.github.io/charts"


class Keda:
    name: ClassVar[str] = "keda"
    after: ClassVar[tuple[str, ...]] = ("prometheus",)

    def enabled(self, spec: PlatformSpec) -> bool:
        return True

    def release(self, ctx: AddonContext) -> HelmRelease:
        return HelmRelease(
            release="keda",
            chart="keda",
            repository=REPOSITORY,
            version=ctx.version("keda", CHART_VERSION),
            namespace=NAMESPACE,
            values={
                "operator": {"replicaCount": 2},
                "metricsServer": {"replicaCount": 2},
                "podDisruptionBudget": {"operator": {"minAvailable": 1}},
            },
            wait=True,
        )

    def install(self, ctx: AddonContext) -> list[Construct]:
        return [ctx.helm(self.release(ctx))]
