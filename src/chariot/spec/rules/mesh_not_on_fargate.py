"""Meshed workloads never run on Fargate.

Fargate allows no NET_ADMIN (istio-init), no privileged pods and no DaemonSets (istio-cni,
ztunnel), so Istio cannot put a sidecar into a Fargate pod (aws/containers-roadmap#682).
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation

WHY = "Istio cannot mesh Fargate pods (no NET_ADMIN, no DaemonSets; aws/containers-roadmap#682)"


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    for index, service in enumerate(spec.services):
        if service.meshed and service.compute == "fargate":
            yield (
                ("services", index, "compute"),
                f"service {service.name!r} is meshed and pinned to Fargate: {WHY}; "
                "use ec2_on_demand, ec2_spot or auto, or set meshed: false",
            )
    meshed = spec.meshed_namespaces | {"istio-system", "istio-ingress", "istio-egress"}
    for p_index, profile in enumerate(spec.cluster.fargate_profiles):
        for s_index, selector in enumerate(profile.selectors):
            if selector.namespace in meshed:
                yield (
                    ("cluster", "fargate_profiles", p_index, "selectors", s_index, "namespace"),
                    f"Fargate profile {profile.name!r} selects the meshed namespace "
                    f"{selector.namespace!r}: {WHY}",
                )
