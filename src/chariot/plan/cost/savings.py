"""Optimisation potential, each item on the base it can really apply to.

- Spot: only on EC2 capacity that is still on-demand (already-spot lines are not discounted
  twice), and only in pools whose services tolerate interruption, when the spec says so.
- VPC endpoints vs NAT: at the break-even volume of each interface endpoint; an endpoint the
  spec requires (`network.interface_endpoints`: private access to that API) is never a saving.
- Reserved capacity: only where AWS sells it (ElastiCache nodes, provisioned DynamoDB in blocks of
  100 units); Neptune has none (docs/design.md decision 15).
- Compute Savings Plans: on the always-on on-demand EC2 and Fargate spend left after the spot
  item (never on a schedule's part-time nodes), capped at the commitment when one is given.
- Commitments (reservations, Savings Plans) are 1-year terms: they are only advised for an
  environment with deletion protection, the spec's mark of one that is kept (dev is not).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from chariot.plan.cost.billing import interface_endpoint_break_even_gb, monthly_hours
from chariot.plan.cost.catalog import Catalog
from chariot.plan.cost.model import CostLine, UsageKey
from chariot.plan.cost.resources.ec2_vpc_endpoint import endpoint_name
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
# DynamoDB reserved capacity is bought in allocations of 100 WCU or 100 RCU (minimum 100).
# Source: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/reserved-capacity.html
DYNAMODB_RESERVATION_BLOCK = 100
NOT_KEPT = (
    "not advised: the environment has no deletion protection, so it may not outlive a 1-year term"
)


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


def endpoints(
    lines: list[CostLine],
    catalog: Catalog,
    usage: Usage,
    azs: int,
    required: frozenset[str] | None = None,
) -> Saving:
    """`required`: the endpoint names the spec asks for (kept whatever the volume); None = all
    endpoints in the templates are assumed removable (no spec)."""
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
    below, kept = 0, 0
    for line in fixed:
        gb = data.get(line.resource, 0.0)
        excess = line.monthly_usd - gb * (nat_gb - ep_gb)
        if not has_nat or excess <= 0:
            continue
        if required is not None and endpoint_name(line.description) in required:
            kept += 1
            continue
        below += 1
        saving += excess
    if below:
        parts.append(
            f"{below} interface endpoints carry less than the break-even; via NAT they would "
            "cost less (keep them if private access is a requirement)"
        )
    if kept:
        parts.append(
            f"{kept} interface endpoints carry less than the break-even but the spec requires "
            "them (network.interface_endpoints): kept, no saving counted"
        )
    detail = f"break-even {break_even:,.0f} GB/month per endpoint over {azs} AZs"
    return Saving("VPC endpoints vs NAT", 0.0, 0.0, saving, "; ".join([detail, *parts]))


def reserved_dynamodb(lines: list[CostLine], catalog: Catalog) -> Saving | None:
    """Reserve the provisioned RCU and WCU in whole 100-unit blocks (regional: summed over the
    tables); the units above the last full block stay at the standard rate."""
    rate = catalog["dynamodb.reserved.discount"].usd
    base, parts = 0.0, []
    for kind in ("rcu", "wcu"):
        price_id = f"dynamodb.provisioned.{kind}"
        units = sum(line.quantity for line in lines if line.price_id == price_id) / monthly_hours()
        if not units:
            continue
        blocks = math.floor(units / DYNAMODB_RESERVATION_BLOCK)
        reserved_units = blocks * DYNAMODB_RESERVATION_BLOCK
        base += monthly_hours(reserved_units) * catalog[price_id].usd
        parts.append(
            f"{units:g} {kind.upper()} provisioned -> {blocks} block(s) of "
            f"{DYNAMODB_RESERVATION_BLOCK} reserved"
        )
    if not parts:
        return None
    detail = "; ".join(parts) + " (reservations are sold in 100-unit blocks)"
    return Saving("DynamoDB reserved capacity", base, rate, base * rate, detail)


def reserved(lines: list[CostLine], catalog: Catalog, kept: bool = True) -> list[Saving]:
    items: list[Saving] = []
    cache = [line for line in lines if line.price_id.startswith("elasticache.node.")]
    if cache and not kept:
        items.append(Saving("ElastiCache reserved nodes", 0.0, 0.0, 0.0, NOT_KEPT))
    elif cache:
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
    dynamodb = reserved_dynamodb(lines, catalog)
    if dynamodb is not None:
        items.append(dynamodb if kept else Saving(dynamodb.name, 0.0, 0.0, 0.0, NOT_KEPT))
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
    lines: list[CostLine],
    catalog: Catalog,
    usage: Usage,
    pools_for_spot: set[str] | None,
    kept: bool = True,
) -> Saving:
    """On the steady on-demand compute the spot item does not move to spot."""
    if not kept:
        return Saving("Compute Savings Plan", 0.0, 0.0, 0.0, NOT_KEPT)
    rate = catalog["savings_plan.compute.1yr_no_upfront"].usd
    fargate = sum(
        line.monthly_usd for line in lines if line.price_id.startswith("fargate.") and line.steady
    )
    ec2 = sum(
        line.monthly_usd
        for line in _ec2_on_demand(lines)
        if line.steady and (pools_for_spot is None or line.pool not in pools_for_spot)
    )
    if pools_for_spot is None:  # without a placement the spot item may take all EC2
        ec2 = 0.0
    eligible = ec2 + fargate
    part_time = sum(line.monthly_usd for line in _ec2_on_demand(lines) if not line.steady)
    commitment, _ = usage.get(COMMITMENT)
    covered = eligible if commitment <= 0 else min(eligible, commitment / (1 - rate))
    detail = "always-on on-demand EC2 and Fargate left after the spot item"
    if part_time:
        detail += f" (not the ${part_time:,.2f} of part-time scheduled nodes)"
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
    azs = len(spec.availability_zones) if spec else 3
    required = frozenset(spec.network.interface_endpoints) if spec else None
    kept = spec.deletion_protection if spec else True
    return [
        spot(lines, catalog, pools),
        endpoints(lines, catalog, usage, azs, required),
        *reserved(lines, catalog, kept),
        savings_plan(lines, catalog, usage, pools, kept),
    ]
