"""AWS::EKS::FargateProfile: the pods it runs, per vCPU-hour and GB-hour at their billed size.

Billed sizes come from the capacity plan (requests + 256 MiB, rounded up to a Fargate size);
without a plan, the usage file's average vCPU and GB.
"""

from __future__ import annotations

from chariot.plan.cost.billing import monthly_hours
from chariot.plan.cost.mapping import Context, Mapping
from chariot.plan.cost.model import CostLine, Resource, UsageKey

COMPONENT = "Fargate Compute"
PLANNED = "the capacity plan's pods on the profile"
VCPU = UsageKey(
    "fargate_profile", "average_vcpu", "vCPU", 0, "average billed vCPU on the profile", PLANNED
)
GB = UsageKey(
    "fargate_profile", "average_gb", "GB", 0, "average billed memory on the profile", PLANNED
)


def _planned(resource: Resource, ctx: Context) -> tuple[float, float, str] | None:
    if ctx.capacity is None or ctx.spec is None or not ctx.planned(resource):
        return None
    name = resource.literal("FargateProfileName")
    selectors = resource.literal("Selectors") or []
    namespaces = {s.get("Namespace") for s in selectors if isinstance(s, dict)}
    profiles = {
        p.name
        for p in ctx.spec.cluster.fargate_profiles
        if p.name == name or {s.namespace for s in p.selectors} & namespaces
    }
    pods = [p for p in ctx.capacity.fargate if p.profile in profiles]
    if not profiles:
        return None
    vcpu = sum(p.vcpu * p.replicas for p in pods)
    gb = sum(p.gib * p.replicas for p in pods)
    names = ", ".join(f"{p.name} {p.replicas} x {p.vcpu:g} vCPU/{p.gib:g} GB" for p in pods)
    return vcpu, gb, f"capacity plan: {names or 'no pods'}"


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    planned = _planned(resource, ctx)
    vcpu, why_cpu = ctx.use(VCPU, resource, (planned[0], planned[2]) if planned else None)
    gb, why_gb = ctx.use(GB, resource, (planned[1], planned[2]) if planned else None)
    return [
        ctx.line(
            COMPONENT,
            resource,
            f"{vcpu:g} vCPU always on",
            monthly_hours(vcpu),
            "fargate.vcpu",
            [why_cpu],
        ),
        ctx.line(
            COMPONENT,
            resource,
            f"{gb:g} GB always on",
            monthly_hours(gb),
            "fargate.memory",
            [why_gb],
        ),
    ]


MAPPING = Mapping("AWS::EKS::FargateProfile", COMPONENT, (VCPU, GB), price)
