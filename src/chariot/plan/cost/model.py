"""The values the estimator passes around: a resource, a usage key, a priced line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chariot.plan.cost.catalog import Catalog, Price


@dataclass(frozen=True)
class Resource:
    """One resource of a synthesized template; `region` is its stack's (the cloud assembly's
    manifest), None when the templates come without one."""

    stack: str
    logical_id: str
    type: str
    properties: dict[str, Any]
    region: str | None = None

    def literal(self, key: str, default: Any = None) -> Any:
        """A property's value when it is a literal (not a Ref/GetAtt/intrinsic), else `default`."""
        value = self.properties.get(key, default)
        if (
            isinstance(value, dict)
            and len(value) == 1
            and next(iter(value)).startswith(("Ref", "Fn::"))
        ):
            return default
        return value


@dataclass(frozen=True)
class UsageKey:
    """A quantity code cannot know, declared by the mapping that reads it."""

    section: str
    name: str
    unit: str
    default: float
    description: str
    # Where the value comes from when the usage file does not set it, if not the default (the
    # templates, the capacity plan, the spec): setting the key overrides that derivation.
    derived: str = ""

    @property
    def path(self) -> str:
        return f"{self.section}.{self.name}"


@dataclass(frozen=True)
class CostLine:
    """One priced line of the estimate: quantity x unit price = monthly USD."""

    component: str  # the seed-style component, e.g. "NAT Gateway"
    resource: str  # stack/logical id, or a description for runtime resources
    type: str  # CloudFormation type, or "(runtime)" for resources created outside templates
    description: str
    quantity: float
    unit: str
    unit_usd: float
    monthly_usd: float
    price_id: str
    pricing_model: str
    price_read: str
    source: str
    assumptions: list[str] = field(default_factory=list)
    pool: str | None = None  # the node pool a compute line belongs to, when known
    confidence: str = ""  # the catalog price's confidence: confirmed, recalled, assumption
    # False for capacity that runs only part of the week (a schedule's business-hours nodes):
    # a 1-year commitment (Savings Plan, reservation) only pays on the steady part.
    steady: bool = True
    # The price catalog file the unit price is from (its region's: `us-west-2.yaml` for a DR
    # stack's resource); empty for a free line.
    catalog: str = ""


@dataclass
class Pricer:
    """Builds cost lines from catalog prices, so every line carries its price's provenance."""

    catalog: Catalog

    def line(
        self,
        component: str,
        resource: str,
        *,
        rtype: str,
        description: str,
        quantity: float,
        price_id: str,
        assumptions: list[str] | None = None,
        multiplier: float = 1.0,
        pool: str | None = None,
        model: str | None = None,
        steady: bool = True,
    ) -> CostLine:
        """`quantity` units at the catalog price, times `multiplier` (e.g. 1 - spot discount);
        `model` names the pricing model when it is not the price's own (spot)."""
        price: Price = self.catalog[price_id]
        unit_usd = price.usd * multiplier
        return CostLine(
            component=component,
            resource=resource,
            type=rtype,
            description=description,
            quantity=round(quantity, 6),
            unit=price.unit,
            unit_usd=round(unit_usd, 10),
            monthly_usd=round(quantity * unit_usd, 4),
            price_id=price_id,
            pricing_model=model or price.model,
            price_read=price.read.isoformat(),
            source=price.source,
            assumptions=list(assumptions or []),
            pool=pool,
            confidence=price.confidence,
            steady=steady,
            catalog=self.catalog.file.name,
        )
