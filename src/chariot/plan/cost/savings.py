"""Optimisation potential, each item on the base it can really apply to.

- Spot: only on EC2 capacity that is still on-demand (already-spot lines are not discounted
  twice), and only in pools whose services tolerate interruption, when the spec says so.
- VPC endpoints vs NAT: at the break-even volume of each interface endpoint.
- Reserved capacity: only where AWS sells it (ElastiCache nodes, provisioned DynamoDB); Neptune
  has none (docs/design.md decision 15).
- Compute Savings Plans: on the on-demand EC2 and Fargate spend left after the spot item, and
  capped at the commitment when one is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from chariot.plan.cost.billing import interface_endpoint_break_even_gb, monthly_hours
from chariot.plan.cost.catalog import Catalog
from chariot.plan.cost.model import CostLine, UsageKey
from chariot.plan.cost.usage import Usage
from chariot.spec.model import PlatformSpec
from chariot.spec.placement import Placement

NAT_TO_AWS = UsageKey(
    "nat_gateway",
    "gb_to_aws_services",
    "GB/month",
    0,
    "NAT traffic bound for AWS APIs that have no interface endpoint yet",
)
COMMITMENT = UsageKey(
    "savings_plan",
    "commitment_usd",
    "USD/month",
    0,
    "monthly Savings Plan commitment; 0 = size it to the eligible spend",
)
KEYS = (NAT_TO_AWS, COMMITMENT)


@dataclass(frozen=True)
class Saving:
    name: str
    base_usd: float  # the spend the item applies to
    rate: float
    monthly_usd: float
    detail: str


def _ec2_on_demand(lines: list[CostLine]) -> list[CostLine]:
    return [
        line
        for line in lines
        if line.price_id.startswith("ec2.instance.") and line.pricing_model == "on_demand"
    ]


def spot(lines: list[CostLine], catalog: Catalog, pools_for_spot: set[str] | None) -> Saving:
    discount = catalog["ec2.spot.discount"].usd
    candidates = _ec2_on_demand(lines)
    if pools_for_spot is not None:
        candidates = [line for line in candidates if line.pool in pools_for_spot]
    base = sum(line.monthly_usd for line in candidates)
    if pools_for_spot is None:
        detail = "all on-demand EC2 capacity, if its workloads tolerate interruption"
    elif candidates:
        detail = (
            f"on-demand pools hosting only interruptible work: {', '.join(sorted(pools_for_spot))}"
        )
    else:
        detail = (
            "no on-demand capacity runs interruptible work: the placement put latency-bound or "
            "non-fault-tolerant services there (spot lines are not discounted twice)"
        )
    return Saving("Spot instances", base, discount, base * discount, detail)


def endpoints(lines: list[CostLine], catalog: Catalog, usage: Usage, azs: int) -> Saving:
    nat_gb = catalog["vpc.nat.gb"].usd
    ep_gb = catalog["privatelink.interface.gb"].usd
    ep_hour = catalog["privatelink.interface.hour"].usd
    break_even = interface_endpoint_break_even_gb(azs, nat_gb, ep_gb, ep_hour)
    has_nat = any(line.price_id == "vpc.nat.hour" for line in lines)
    saving, parts = 0.0, []
    to_aws, _ = usage.get(NAT_TO_AWS)
    if has_nat and to_aws > 0:
        gain = to_aws * (nat_gb - ep_gb) - azs * ep_hour * monthly_hours()
        if gain > 0:
            saving += gain
            parts.append(
                f"{to_aws:g} GB/month via NAT to AWS APIs: add an endpoint (+${gain:,.2f})"
            )
    fixed = [line for line in lines if line.price_id == "privatelink.interface.hour"]
    data = {
        line.resource: line.quantity
        for line in lines
        if line.price_id == "privatelink.interface.gb"
    }
    below = 0
    for line in fixed:
        gb = data.get(line.resource, 0.0)
        excess = line.monthly_usd - gb * (nat_gb - ep_gb)
        if has_nat and excess > 0:
            below += 1
            saving += excess
    if below:
        parts.append(
            f"{below} interface endpoints carry less than the break-even; via NAT they would "
            "cost less (keep them if private access is a requirement)"
        )
    detail = f"break-even {break_even:,.0f} GB/month per endpoint over {azs} AZs"
    return Saving("VPC endpoints vs NAT", 0.0, 0.0, saving, "; ".join([detail, *parts]))


def reserved(lines: list[CostLine], catalog: Catalog) -> list[Saving]:
    items: list[Saving] = []
    cache = [line for line in lines if line.price_id.startswith("elasticache.node.")]
    if cache:
        rate = catalog["elasticache.reserved.discount"].usd
        base = sum(line.monthly_usd for line in cache)
        items.append(
            Saving(
                "ElastiCache reserved nodes",
                base,
                rate,
                base * rate,
                "1-year reserved nodes on the always-on cache nodes",
            )
        )
    provisioned = [line for line in lines if line.price_id.startswith("dynamodb.provisioned.")]
    if provisioned:
        rate = catalog["dynamodb.reserved.discount"].usd
        base = sum(line.monthly_usd for line in provisioned)
        items.append(
            Saving(
                "DynamoDB reserved capacity",
                base,
                rate,
                base * rate,
                "provisioned tables only (on-demand tables cannot be reserved)",
            )
        )
    if any(line.price_id.startswith("neptune.instance.") for line in lines):
        items.append(
            Saving(
                "Neptune reserved instances",
                0.0,
                0.0,
                0.0,
                "not available: Neptune sells no reserved instances (AWS lists 1-year "
                "Database Savings Plans for it since 2025: not modelled, check them)",
            )
        )
    return items


def savings_plan(
    lines: list[CostLine], catalog: Catalog, usage: Usage, spot_item: Saving
) -> Saving:
    rate = catalog["savings_plan.compute.1yr_no_upfront"].usd
    fargate = sum(line.monthly_usd for line in lines if line.price_id.startswith("fargate."))
    ec2 = sum(line.monthly_usd for line in _ec2_on_demand(lines)) - spot_item.base_usd
    eligible = max(0.0, ec2) + fargate
    commitment, _ = usage.get(COMMITMENT)
    covered = eligible if commitment <= 0 else min(eligible, commitment / (1 - rate))
    detail = "on-demand EC2 and Fargate left after the spot item"
    if commitment > 0:
        detail += f"; capped by a ${commitment:,.0f}/month commitment"
    return Saving("Compute Savings Plan", covered, rate, covered * rate, detail)


def interruptible_pools(spec: PlatformSpec, placements: dict[str, Placement]) -> set[str]:
    """On-demand pools that host services and only fault-tolerant ones.

    The first on-demand pool also runs the platform's system pods (istiod, CoreDNS, the ingress
    gateway), which must not be interrupted, so it never qualifies.
    """
    system_pool = next(
        (p.name for p in spec.cluster.node_pools if p.capacity_type == "ON_DEMAND"), None
    )
    by_pool: dict[str, list[bool]] = {}
    for service in spec.services:
        pool = placements[service.name].pool if service.name in placements else None
        if pool is not None:
            by_pool.setdefault(pool, []).append(service.fault_tolerant)
    return {
        p.name
        for p in spec.cluster.node_pools
        if p.capacity_type == "ON_DEMAND"
        and p.name != system_pool
        and by_pool.get(p.name)
        and all(by_pool[p.name])
    }


def optimise(
    lines: list[CostLine],
    catalog: Catalog,
    usage: Usage,
    spec: PlatformSpec | None = None,
    placements: dict[str, Placement] | None = None,
) -> list[Saving]:
    """Every optimisation item, each computed on its own base (see the module docstring)."""
    pools = interruptible_pools(spec, placements) if spec and placements is not None else None
    spot_item = spot(lines, catalog, pools)
    azs = len(spec.availability_zones) if spec else 3
    return [
        spot_item,
        endpoints(lines, catalog, usage, azs),
        *reserved(lines, catalog),
        savings_plan(lines, catalog, usage, spot_item),
    ]
