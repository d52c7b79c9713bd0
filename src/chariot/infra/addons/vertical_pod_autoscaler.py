"""Vertical Pod Autoscaler: the recommender suggests requests; nothing evicts pods (no
updater), so it cannot fight the HPA (`Auto` is deprecated and conflicts with HPA on
cpu/memory).

A service with `vpa: initial` gets a VPA in `Initial` mode, which sets requests when a pod is
created: only the admission controller does that, so it is installed exactly when some
catalogued service asks for it (otherwise `Initial` would silently act like `Off`)."""

from __future__ import annotations

from typing import ClassVar

from constructs import Construct

from chariot.infra.addons.base import AddonContext, HelmRelease
from chariot.spec import footprints
from chariot.spec.model import PlatformSpec

NAMESPACE = "vertical-pod-autoscaler"
CHART_VERSION = "0.8.0"
# The VPA release of the shipped CRD schemas (chariot.k8s.validate.crd_sources); the chart's default
# may lag behind it.
RECOMMENDER_VERSION = "1.7.1"
IMAGES = "registry.k8s.io/autoscaling"


def sets_requests_at_admission(spec: PlatformSpec) -> bool:
    """Some service's VPA is in `Initial` mode (see chariot.k8s.vertical_autoscalers)."""
    return any(service.vpa == "initial" for service in spec.services)


REPOSITORY = "https://kubernetes.github.io/autoscaler"


class VerticalPodAutoscaler:
    name: ClassVar[str] = "vertical-pod-autoscaler"
    footprint: ClassVar[footprints.FootprintOf] = staticmethod(footprints.vertical_pod_autoscaler)
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
                    "replicas": footprints.VPA_RECOMMENDER.replicas,
                    "resources": {"requests": footprints.VPA_RECOMMENDER.requests()},
                    "image": {
                        "repository": f"{IMAGES}/vpa-recommender",
                        "tag": RECOMMENDER_VERSION,
                    },
                },
                "updater": {"enabled": False},
                "admissionController": (
                    {
                        "enabled": True,
                        "resources": {"requests": footprints.VPA_ADMISSION.requests()},
                        "image": {
                            "repository": f"{IMAGES}/vpa-admission-controller",
                            "tag": RECOMMENDER_VERSION,
                        },
                    }
                    if sets_requests_at_admission(ctx.spec)
                    else {"enabled": False}
                ),
            },
        )

    def install(self, ctx: AddonContext) -> list[Construct]:
        return [ctx.helm(self.release(ctx))]
