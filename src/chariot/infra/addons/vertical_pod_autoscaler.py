"""Vertical Pod Autoscaler, recommender only: it suggests requests, it never evicts or rewrites
pods (no updater, no admission controller), so it cannot fight the HPA (`Auto` is deprecated
and conflicts with HPA on cpu/memory)."""

from __future__ import annotations

from typing import ClassVar

from constructs import Construct

from chariot.infra.addons.base import AddonContext, HelmRelease
from chariot.spec.model import PlatformSpec

NAMESPACE = "vertical-pod-autoscaler"
CHART_VERSION = "0.8.0"
# The recommender release of the pinned CRDs (../shared/crds/vpa-1.7.1.yaml); the chart's own
# default may lag behind it.
RECOMMENDER_VERSION = "1.7.1"
REPOSITORY = "https://kubernetes.github.io/autoscaler"


class VerticalPodAutoscaler:
    name: ClassVar[str] = "vertical-pod-autoscaler"
    after: ClassVar[tuple[str, ...]] = ("aws-load-balancer-controller",)

    def enabled(self, spec: PlatformSpec) -> bool:
        return True

    def release(self, ctx: AddonContext) -> HelmRelease:
        return HelmRelease(
            release="vertical-pod-autoscaler",
            chart="vertical-pod-autoscaler",
            repository=REPOSITORY,
            version=ctx.version("vertical-pod-autoscaler", CHART_VERSION),
            namespace=NAMESPACE,
            values={
                "recommender": {
                    "enabled": True,
                    "replicas": 1,
                    "image": {
                        "repository": "registry.k8s.io/autoscaling/vpa-recommender",
                        "tag": RECOMMENDER_VERSION,
                    },
                },
                "updater": {"enabled": False},
                "admissionController": {"enabled": False},
            },
        )

    def install(self, ctx: AddonContext) -> list[Construct]:
        return [ctx.helm(self.release(ctx))]
