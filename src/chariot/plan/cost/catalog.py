"""The dated price catalog: one entry per price, read from `catalog/<region>.yaml`.

Prices are data, not code, so a price change is a reviewed one-line diff with its source URL and
the day it was read. The estimate warns when the oldest entry was read more than 90 days ago.
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


def load_catalog(region: str, directory: Path = CATALOG_DIR) -> Catalog:
    """Read and validate `<directory>/<region>.yaml`; duplicate ids are an error."""
    file = directory / f"{region}.yaml"
    if not file.is_file():
        known = ", ".join(sorted(p.stem for p in directory.glob("*.yaml"))) or "none"
        raise SpecError([Problem(file, "<file>", f"no price catalog for {region} (have: {known})")])
    try:
        data = CatalogFile.model_validate(yaml_loader.load_data(file))
    except yaml_loader.YamlError as exc:
        raise SpecError([Problem(file, "<yaml>", exc.reason, exc.line)]) from None
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SpecError([Problem(file, where, str(first["msg"]))]) from None
    prices: dict[str, Price] = {}
    for price in data.prices:
        if price.id in prices:
            raise SpecError([Problem(file, f"prices[{price.id}]", "duplicate price id")])
        prices[price.id] = price
    return Catalog(data.region, prices, file)
