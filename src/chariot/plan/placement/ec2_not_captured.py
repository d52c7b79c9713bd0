"""An EC2 placement needs a namespace that no label-less Fargate profile captures.

EKS admits a pod to Fargate when a profile selects its namespace (and labels), whatever the
pod's node selector says; a label-less selector takes every pod of the namespace.
"""

from __future__ import annotations

from chariot.plan.placement.base import Constraint, Redirect, capturing_profile
from chariot.spec.model import PlatformSpec, Service
from chariot.spec.placement import ComputeTarget


def _check(service: Service, spec: PlatformSpec, compute: ComputeTarget) -> Redirect | None:
    if compute != "ec2_on_demand":
        return None
    profile = capturing_profile(spec, service)
    if profile is None:
        return None
    if not service.meshed:
        return Redirect(
            "fargate",
            f"Fargate profile {profile.name!r} captures every pod in namespace "
            f"{service.namespace!r}; the pods run on Fargate",
        )
    return Redirect(
        None,
        f"Fargate profile {profile.name!r} captures every pod in the meshed namespace "
        f"{service.namespace!r}; Istio cannot mesh Fargate pods",
    )


RULE = Constraint(
    name="ec2-not-captured-by-fargate",
    source="EKS: Fargate profile selection happens at admission",
    condition="EC2 proposed in a namespace a label-less Fargate profile captures",
    reason="EKS sends a pod to Fargate when a profile matches it, whatever its node selector",
    check=_check,
)
