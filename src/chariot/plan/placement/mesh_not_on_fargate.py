"""DESIGN #2: a meshed workload never lands on Fargate.

Fargate allows no NET_ADMIN (istio-init), no privileged pods and no DaemonSets (istio-cni,
ztunnel), so Istio cannot mesh a Fargate pod (aws/containers-roadmap#682). A preference for
Fargate becomes managed on-demand EC2 capacity; a pin to Fargate is a conflict.
"""

from __future__ import annotations

from chariot.plan.placement.base import Constraint, Redirect
from chariot.spec.model import PlatformSpec, Service
from chariot.spec.placement import ComputeTarget

WHY = (
    "Istio cannot mesh Fargate pods (no NET_ADMIN, no privileged init, no DaemonSets; "
    "aws/containers-roadmap#682)"
)


def _check(service: Service, spec: PlatformSpec, compute: ComputeTarget) -> Redirect | None:
    if service.meshed and compute == "fargate":
        return Redirect("ec2_on_demand", f"meshed service: {WHY}; managed on-demand EC2 instead")
    return None


RULE = Constraint(
    name="mesh-not-on-fargate",
    source="docs/design.md decision 2",
    condition="meshed service proposed for Fargate",
    reason="Istio cannot mesh Fargate pods: no NET_ADMIN, no privileged init, no DaemonSets",
    check=_check,
)
