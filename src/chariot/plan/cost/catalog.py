"""The dated price catalog: one entry per price, read from `catalog/<region>.yaml`.

Prices are data, not code, so a price change is a reviewed one-line diff with its source URL and
the day it was read. The estimate warns when the oldest entry was read more than 90 days ago.
Each region has its own file (list prices differ between regions), and an estimate whose stacks
span regions loads one per region (`load_catalogs`): a region without a file is an error, never
priced with another region's figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from chariot.spec import yaml_loader
from chariot.spec.problems import Problem, SpecError

CATALOG_DIR = Path(__file__).parent / "catalog"
STALE_AFTER_DAYS = 90

PricingModel = Literal[
    "on_demand", "spot_discount", "reserved_discount", "savings_plan_discount", "free_tier"
]


class Price(BaseModel):
    """One price: what it is for, in which unit, how much, and where and when it was read."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_.-]+$")
    service: str
    description: str
    unit: str
    usd: float = Field(ge=0)
    model: PricingModel
    effective: date
    read: date
    source: str = Field(pattern=r"^https://")
    confidence: Literal["confirmed", "recalled", "assumption"]
    note: str = ""


class CatalogFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    region: str
    currency: Literal["USD"]
    prices: list[Price]


class UnknownPriceError(KeyError):
    """The billing code asked for a price id that the catalog does not hold."""


@dataclass(frozen=True)
class Catalog:
    region: str
    prices: dict[str, Price]
    file: Path

    def __getitem__(self, price_id: str) -> Price:
        try:
            return self.prices[price_id]
        except KeyError:
            raise UnknownPriceError(price_id) from None

    def __contains__(self, price_id: object) -> bool:
        return price_id in self.prices

    @property
    def oldest_read(self) -> date:
        return min(p.read for p in self.prices.values())

    def staleness_warning(self, today: date) -> str | None:
        """A warning when the oldest price was read more than 90 days before `today`."""
        age = (today - self.oldest_read).days
        if age > STALE_AFTER_DAYS:
            return (
                f"price catalog {self.file.name}: oldest price read {self.oldest_read} "
                f"({age} days ago, more than {STALE_AFTER_DAYS}); re-read the sources"
            )
        return None


@dataclass(frozen=True)
class Catalogs:
    """The catalogs of one estimate: the spec's region first, then each other region its stacks
    deploy to (the DR region's), so every resource is priced at its own region's list price."""

    primary: Catalog
    others: tuple[Catalog, ...] = ()

    @property
    def all(self) -> tuple[Catalog, ...]:
        return (self.primary, *self.others)

    @property
    def files(self) -> str:
        """The file names, primary first: the report's `catalog`."""
        return ", ".join(c.file.name for c in self.all)

    @property
    def oldest_read(self) -> date:
        return min(c.oldest_read for c in self.all)

    def staleness_warnings(self, today: date) -> list[str]:
        return [w for c in self.all if (w := c.staleness_warning(today)) is not None]


def available_regions(directory: Path = CATALOG_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.yaml"))


def load_catalog(region: str, directory: Path = CATALOG_DIR, needed_by: str = "") -> Catalog:
    """Read and validate `<directory>/<region>.yaml`; duplicate ids are an error. `needed_by`
    says what needs the region, for the error when there is no file."""
    file = directory / f"{region}.yaml"
    if not file.is_file():
        known = ", ".join(available_regions(directory)) or "none"
        why = f"; the templates deploy {needed_by} there" if needed_by else ""
        raise SpecError(
            [Problem(file, "<file>", f"no price catalog for {region} (have: {known}){why}")]
        )
    try:
        data = CatalogFile.model_validate(yaml_loader.load_data(file))
    except yaml_loader.YamlError as exc:
        raise SpecError([Problem(file, "<yaml>", exc.reason, exc.line)]) from None
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SpecError([Problem(file, where, str(first["msg"]))]) from None
    if data.region != region:
        raise SpecError([Problem(file, "region", f"is {data.region!r}, the file is for {region}")])
    prices: dict[str, Price] = {}
    for price in data.prices:
        if price.id in prices:
            raise SpecError([Problem(file, f"prices[{price.id}]", "duplicate price id")])
        prices[price.id] = price
    return Catalog(data.region, prices, file)


def load_catalogs(
    primary: str, elsewhere: dict[str, list[str]], directory: Path = CATALOG_DIR
) -> Catalogs:
    """The primary region's catalog and one per other region; `elsewhere` maps each other
    region to the stacks deployed there (named in the error when it has no catalog)."""
    others = tuple(
        load_catalog(
            region,
            directory,
            f"{'stacks' if len(stacks) > 1 else 'stack'} {', '.join(sorted(stacks))}",
        )
        for region, stacks in sorted(elsewhere.items())
        if region != primary
    )
    return Catalogs(load_catalog(primary, directory), others)
