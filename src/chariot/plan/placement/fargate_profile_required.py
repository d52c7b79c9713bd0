"""Fargate only runs pods that a Fargate profile selects (namespace and labels).

Without a profile for the service's namespace a Fargate placement cannot happen: a preference
falls back to on-demand EC2, a pin is a conflict.
"""

from __future__ import annotations

from chariot.plan.placement.base import Constraint, Redirect, fargate_selector
from chariot.spec.model import PlatformSpec, Service
from chariot.spec.placement import ComputeTarget


def _check(service: Service, spec: PlatformSpec, compute: ComputeTarget) -> Redirect | None:
    if compute == "fargate" and fargate_selector(spec, service) is None:
        return Redirect(
            "ec2_on_demand",
            f"no Fargate profile selects namespace {service.namespace!r} "
            "(cluster.fargate_profiles); on-demand EC2 instead",
        )
    return None


RULE = Constraint(
    name="fargate-profile-required",
    source="EKS: Fargate runs only pods matched by a Fargate profile",
    condition="Fargate proposed but no profile selects the namespace",
    reason="Fargate only runs pods a Fargate profile selects by namespace and labels",
    check=_check,
)
