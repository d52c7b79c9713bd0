"""AWS::EKS::Cluster: the control plane per hour — $0.10 in standard support, $0.60 in extended.

Which one depends on the Kubernetes version and the day: the spec's dated support table says.
"""

from __future__ import annotations

from chariot.plan.cost.billing import monthly_hours
from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource
from chariot.spec.eks_versions import SOURCE_URL, SUPPORT

COMPONENT = "EKS Control Plane"


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    version = resource.literal("Version")
    if version is None and ctx.spec is not None:
        version = ctx.spec.cluster.kubernetes_version
    window = SUPPORT.get(str(version))
    if window is None:
        return [
            ctx.line(
                COMPONENT,
                resource,
                f"Kubernetes {version}: standard support assumed",
                monthly_hours(),
                "eks.cluster.standard",
                [f"version {version!r} not in the support table ({SOURCE_URL})"],
            )
        ]
    extended = ctx.today > window.end_of_standard
    note = (
        f"Kubernetes {version} left standard support on {window.end_of_standard}"
        if extended
        else f"Kubernetes {version} in standard support until {window.end_of_standard}"
    )
    return [
        ctx.line(
            COMPONENT,
            resource,
            note,
            monthly_hours(),
            "eks.cluster.extended" if extended else "eks.cluster.standard",
        )
    ]


MAPPING = Mapping("AWS::EKS::Cluster", COMPONENT, (), price)
