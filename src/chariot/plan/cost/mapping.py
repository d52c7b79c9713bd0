"""The contract of a price mapping: one CloudFormation type -> the cost lines of one resource.

Each mapping lives in its own file under `resources/`, declares the usage keys it reads and is
listed in `registry.py`. A mapping that cannot price a resource raises `Unpriced` with the
reason, so the resource is reported instead of costing a silent $0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from chariot.plan.capacity import CapacityPlan
from chariot.plan.cost.catalog import UnknownPriceError
from chariot.plan.cost.model import CostLine, Pricer, Resource, UsageKey
from chariot.plan.cost.usage import Usage
from chariot.spec.model import PlatformSpec


class Unpriced(Exception):  # noqa: N818 - a verdict, not an error: the resource is reported
    """The resource cannot be priced; the message says why."""


@dataclass
class Context:
    """What a mapping may read besides the resource itself."""

    pricer: Pricer
    usage: Usage
    today: date
    spec: PlatformSpec | None = None
    capacity: CapacityPlan | None = None
    resources: list[Resource] = field(default_factory=list)
    # A pricer per region the templates deploy to (the spec's and the DR region's), by region.
    regional: dict[str, Pricer] = field(default_factory=dict)

    def at(self, resource: Resource) -> Context:
        """This context with the pricer of `resource`'s region: each resource is priced from
        its own region's catalog. A region with no pricer is Unpriced, never priced elsewhere."""
        region = resource.region
        if region is None or region == self.pricer.catalog.region:
            return self
        if region not in self.regional:
            raise Unpriced(f"no price catalog loaded for its region {region}")
        return replace(self, pricer=self.regional[region])

    def in_region(self, region: str) -> tuple[Context, list[str]]:
        """This context pricing what a resource keeps in `region` (a global table's replica, a
        backup copy) at that region's catalog; without one loaded, at this context's, and the
        returned assumption says so on the line."""
        if region == self.pricer.catalog.region:
            return self, []
        if region in self.regional:
            return replace(self, pricer=self.regional[region]), []
        here = self.pricer.catalog.region
        return self, [f"{region} priced at the {here} rate (no {region} price catalog loaded)"]

    def planned(self, resource: Resource) -> bool:
        """Whether the capacity plan describes `resource`'s region: the spec's, or unknown. The
        DR region's cluster runs what its templates say, not the plan's primary pods."""
        return self.spec is None or resource.region in (None, self.spec.region)

    def use(
        self, key: UsageKey, resource: Resource, derived: tuple[float, str] | None = None
    ) -> tuple[float, str]:
        return self.usage.get(key, resource, derived)

    def line(
        self,
        component: str,
        resource: Resource,
        description: str,
        quantity: float,
        price_id: str,
        assumptions: list[str] | None = None,
        multiplier: float = 1.0,
        pool: str | None = None,
        model: str | None = None,
        steady: bool = True,
    ) -> CostLine:
        try:
            return self.pricer.line(
                component,
                f"{resource.stack}/{resource.logical_id}",
                rtype=resource.type,
                description=description,
                quantity=quantity,
                price_id=price_id,
                assumptions=assumptions,
                multiplier=multiplier,
                pool=pool,
                model=model,
                steady=steady,
            )
        except UnknownPriceError:
            raise Unpriced(f"no catalog price {price_id!r} ({description})") from None

    @staticmethod
    def free(component: str, resource: Resource, reason: str) -> CostLine:
        """An explicit $0 line for a resource whose mapping knows it is not billed."""
        return CostLine(
            component=component,
            resource=f"{resource.stack}/{resource.logical_id}",
            type=resource.type,
            description=reason,
            quantity=0,
            unit="-",
            unit_usd=0,
            monthly_usd=0,
            price_id="",
            pricing_model="free",
            price_read="",
            source="",
        )


@dataclass(frozen=True)
class Mapping:
    type: str
    component: str
    usage: tuple[UsageKey, ...]
    price: Callable[[Resource, Context], list[CostLine]]
