"""`estimate(spec, templates_dir, usage)`: the itemised monthly cost of what is synthesized.

Every resource of every template is either priced by its mapping, known free, or reported as
unpriced with the reason. Runtime costs the templates cause (Karpenter nodes, the EKS log group,
internet egress) are added as `(runtime)` lines. Savings come from `savings.optimise`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from chariot.plan.capacity import CapacityPlan
from chariot.plan.cost import runtime, savings
from chariot.plan.cost.allocation import Allocation, split_node_cost
from chariot.plan.cost.billing import HOURS_PER_MONTH
from chariot.plan.cost.catalog import CATALOG_DIR, load_catalogs
from chariot.plan.cost.mapping import Context, Mapping, Unpriced
from chariot.plan.cost.model import CostLine, Pricer, Resource, UsageKey
from chariot.plan.cost.registry import FREE_TYPES, MAPPINGS, usage_keys
from chariot.plan.cost.resources import edge_traffic
from chariot.plan.cost.resources.eks_nodegroup import _pool as nodegroup_pool
from chariot.plan.cost.savings import Saving
from chariot.plan.cost.templates import read_templates
from chariot.plan.cost.usage import Usage
from chariot.spec.model import PlatformSpec
from chariot.spec.placement import Placement

# The version of the JSON document `CostEstimate.to_dict` returns (docs/cost.schema.json): bump
# it when a field is removed or changes meaning; adding a field keeps it.
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class UnpricedResource:
    resource: str
    type: str
    reason: str


@dataclass(frozen=True)
class CatalogUsed:
    """One price catalog the estimate read: the region it prices and its oldest price."""

    region: str
    file: str
    oldest_read: str


@dataclass(frozen=True)
class ComponentTotal:
    component: str
    configuration: str
    monthly_usd: float


@dataclass
class CostEstimate:
    environment: str
    region: str
    lines: list[CostLine]
    unpriced: list[UnpricedResource]
    free: list[str]
    savings: list[Saving]
    warnings: list[str]
    catalog: str  # the catalog files read, the primary region's first ("us-east-1.yaml, ...")
    catalog_oldest_read: str  # over all of them
    usage_file: str | None
    templates: str
    assumptions: list[str] = field(default_factory=list)
    # Why the price catalog is too old to trust (also among the warnings), or None.
    stale_catalog: str | None = None
    # What 1,000 more external requests per second, sustained all month, add at the edge
    # (CloudFront, WAF, API Gateway at their current tiers); None without edge resources.
    edge_per_1000_rps_usd: float | None = None
    # Shared node cost split per service by the CPU their pods request (allocation.py).
    allocation: list[Allocation] = field(default_factory=list)
    # Each catalog read, one per region the templates deploy to, the primary region's first.
    catalogs: list[CatalogUsed] = field(default_factory=list)

    @property
    def total_usd(self) -> float:
        return round(sum(line.monthly_usd for line in self.lines), 2)

    @property
    def savings_usd(self) -> float:
        return round(sum(s.monthly_usd for s in self.savings), 2)

    @property
    def optimised_total_usd(self) -> float:
        return round(self.total_usd - self.savings_usd, 2)

    def components(self) -> list[ComponentTotal]:
        """The seed-style table: one row per component, biggest first."""
        totals: dict[str, float] = defaultdict(float)
        parts: dict[str, Counter[str]] = defaultdict(Counter)
        for line in self.lines:
            totals[line.component] += line.monthly_usd
            if line.monthly_usd:
                parts[line.component][line.description] += 1
        rows = [
            ComponentTotal(
                name,
                _summary([f"{n} x {d}" if n > 1 else d for d, n in parts[name].items()]),
                round(total, 2),
            )
            for name, total in totals.items()
        ]
        return sorted(rows, key=lambda r: (-r.monthly_usd, r.component))

    def to_dict(self) -> dict[str, Any]:
        """The `chariot cost --format json` document: docs/cost.schema.json, SCHEMA_VERSION."""
        return {
            "schema_version": SCHEMA_VERSION,
            "environment": self.environment,
            "region": self.region,
            "total_usd": self.total_usd,
            "total_hourly_usd": round(self.total_usd / HOURS_PER_MONTH, 4),
            "summary": {
                "lines": len(self.lines),
                "priced_resources": len({line.resource for line in self.lines}),
                "unpriced_resources": len(self.unpriced),
                "free_resources": len(self.free),
                "recalled_price_lines": sum(1 for x in self.lines if x.confidence == "recalled"),
                "warnings": len(self.warnings),
            },
            "savings_usd": self.savings_usd,
            "optimised_total_usd": self.optimised_total_usd,
            "components": [asdict(c) for c in self.components()],
            "lines": [
                {**asdict(line), "hourly_usd": round(line.monthly_usd / HOURS_PER_MONTH, 6)}
                for line in self.lines
            ],
            "unpriced": [asdict(u) for u in self.unpriced],
            "free": self.free,
            "savings": [asdict(s) for s in self.savings],
            "warnings": self.warnings,
            "catalog": self.catalog,
            "catalog_oldest_read": self.catalog_oldest_read,
            "catalogs": [asdict(c) for c in self.catalogs],
            "usage_file": self.usage_file,
            "templates": self.templates,
            "assumptions": self.assumptions,
            "edge_per_1000_rps_usd": self.edge_per_1000_rps_usd,
            "allocation": [asdict(a) for a in self.allocation],
        }


def _summary(descriptions: list[str], limit: int = 3) -> str:
    shown = descriptions[:limit]
    more = len(descriptions) - len(shown)
    return "; ".join(shown) + (f" (+{more} more)" if more > 0 else "")


NONE = Mapping("", "", (), lambda resource, ctx: [])


def all_usage_keys() -> list[UsageKey]:
    """The keys a usage file may set: the mappings', the runtime lines' and the savings'."""
    return [*usage_keys(), *runtime.KEYS, *savings.KEYS]


def price_resources(
    resources: list[Resource], ctx: Context
) -> tuple[list[CostLine], list[UnpricedResource], list[str]]:
    lines: list[CostLine] = []
    unpriced: list[UnpricedResource] = []
    free: list[str] = []
    for resource in resources:
        name = f"{resource.stack}/{resource.logical_id}"
        mapping = MAPPINGS.get(resource.type)
        if mapping is None:
            if resource.type in FREE_TYPES:
                free.append(name)
            else:
                unpriced.append(
                    UnpricedResource(name, resource.type, "no price mapping for this type")
                )
            continue
        try:
            lines += mapping.price(resource, ctx.at(resource))
        except Unpriced as exc:
            unpriced.append(UnpricedResource(name, resource.type, str(exc)))
    return lines, unpriced, free


def edge_per_1000_rps(resources: list[Resource], ctx: Context) -> float | None:
    """The edge's monthly cost of 1,000 more sustained requests per second: the edge resources
    priced again with the request volume raised by 1,000 rps, minus their price now."""
    edge = [r for r in resources if edge_traffic.REQUESTS in MAPPINGS.get(r.type, NONE).usage]
    if not edge:
        return None
    now, _ = edge_traffic.requests(None, ctx)
    more = now + edge_traffic.millions_per_month(1000)
    values = {k: dict(v) for k, v in ctx.usage.values.items()}
    values.setdefault(edge_traffic.REQUESTS.section, {})[edge_traffic.REQUESTS.name] = more
    bumped = replace(ctx, usage=Usage(values, ctx.usage.overrides, ctx.usage.file))
    before, _, _ = price_resources(edge, ctx)
    after, _, _ = price_resources(edge, bumped)
    return round(sum(x.monthly_usd for x in after) - sum(x.monthly_usd for x in before), 2)


def estimate(
    spec: PlatformSpec,
    templates_dir: Path,
    usage: Usage,
    *,
    capacity: CapacityPlan | None = None,
    placements: dict[str, Placement] | None = None,
    catalog_dir: Path = CATALOG_DIR,
    today: date | None = None,
) -> CostEstimate:
    """Price every resource in `templates_dir` for `spec`'s environment, each from the catalog
    of its stack's region (`catalog_dir/<region>.yaml`); a region without one is a SpecError."""
    today = today or date.today()
    resources = read_templates(templates_dir)
    elsewhere: dict[str, list[str]] = defaultdict(list)
    for r in resources:
        if r.region and r.region != spec.region and r.stack not in elsewhere[r.region]:
            elsewhere[r.region].append(r.stack)
    catalogs = load_catalogs(spec.region, elsewhere, catalog_dir)
    catalog = catalogs.primary
    pricer = Pricer(catalog)
    regional = {c.region: Pricer(c) for c in catalogs.all}
    ctx = Context(pricer, usage, today, spec, capacity, resources, regional)
    lines, unpriced, free = price_resources(resources, ctx)
    warnings: list[str] = []
    stale = catalogs.staleness_warnings(today)
    warnings += stale
    has_cluster = any(r.type == "AWS::EKS::Cluster" for r in resources)
    if has_cluster:
        covered = {
            pool
            for r in resources
            if r.type == "AWS::EKS::Nodegroup" and (pool := nodegroup_pool(r, ctx)) is not None
        }
        if capacity is not None:
            lines += runtime.node_lines(spec, capacity, pricer, covered)
        else:
            warnings.append("no capacity plan: Karpenter-launched nodes are not priced")
        lines += runtime.cluster_lines(spec, usage, pricer)
    else:
        warnings.append(
            "no AWS::EKS::Cluster in the templates: nodes and Fargate pods are not priced yet"
        )
    lines += runtime.transfer_lines(usage, pricer, len(spec.availability_zones))
    unverified = sum(line.monthly_usd for line in lines if line.confidence == "recalled")
    if unverified:
        warnings.append(
            f"${unverified:,.2f} of the total uses catalog prices marked 'recalled' (not re-read "
            "from AWS): check them on their source pages"
        )
    if unpriced:
        warnings.append(f"{len(unpriced)} resources are unpriced (see the unpriced list)")
    if usage.file is None:
        warnings.append("no usage file: every usage value is a default")
    assumptions = sorted({a for line in lines for a in line.assumptions})
    return CostEstimate(
        environment=spec.environment,
        region=spec.region,
        lines=lines,
        unpriced=unpriced,
        free=free,
        # The savings' rates (spot, reserved, Savings Plan discounts; NAT vs endpoint break-even)
        # are the primary region's: the DR region's few lines get the same rates.
        savings=savings.optimise(lines, catalog, usage, spec, placements),
        warnings=warnings,
        catalog=catalogs.files,
        catalog_oldest_read=catalogs.oldest_read.isoformat(),
        usage_file=usage.file.as_posix() if usage.file else None,
        templates=templates_dir.as_posix(),
        assumptions=assumptions,
        stale_catalog="; ".join(stale) or None,
        edge_per_1000_rps_usd=edge_per_1000_rps(resources, ctx),
        allocation=split_node_cost(lines, capacity) if capacity is not None else [],
        catalogs=[
            CatalogUsed(c.region, c.file.name, c.oldest_read.isoformat()) for c in catalogs.all
        ],
    )
