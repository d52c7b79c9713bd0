"""The mapping context prices each resource, and what a resource keeps in another region, from
that region's catalog; a region without one is reported, never priced at another's figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from chariot.plan.cost.catalog import Catalog, load_catalog
from chariot.plan.cost.estimate import price_resources
from chariot.plan.cost.mapping import Context, Unpriced
from chariot.plan.cost.model import Pricer, Resource
from chariot.plan.cost.templates import read_templates
from chariot.plan.cost.usage import Usage
from tests.plan.cost.helpers import catalogs_with

GLOBAL_TABLE = Path(__file__).parent / "golden" / "dynamodb_global_table"
TODAY = date(2026, 12, 2)


def _context(*regional: Catalog) -> Context:
    east = Pricer(load_catalog("us-east-1"))
    pricers = {p.catalog.region: p for p in (east, *(Pricer(c) for c in regional))}
    return Context(east, Usage(), TODAY, regional=pricers)


def test_a_global_table_replica_is_priced_at_its_region_s_catalog(tmp_path: Path) -> None:
    folder = catalogs_with(tmp_path, "us-west-2", "dynamodb.storage", "0.3")
    ctx = _context(load_catalog("us-west-2", folder))
    lines, unpriced, _ = price_resources(read_templates(GLOBAL_TABLE), ctx)
    assert unpriced == []
    storage = {x.description: x for x in lines if x.price_id == "dynamodb.storage"}
    east = storage["UserService-prod in us-east-1: storage"]
    west = storage["UserService-prod in us-west-2: storage"]
    assert (east.unit_usd, east.catalog) == (0.25, "us-east-1.yaml")
    assert (west.unit_usd, west.catalog) == (0.3, "us-west-2.yaml")
    assert not any("priced at the" in a for x in lines for a in x.assumptions)
    # the replication transfer leaves the home region: billed there
    [transfer] = [x for x in lines if x.price_id == "transfer.inter_region.gb"]
    assert transfer.catalog == "us-east-1.yaml"


def test_without_the_replica_region_s_catalog_the_line_says_whose_rate_it_uses() -> None:
    lines, _, _ = price_resources(read_templates(GLOBAL_TABLE), _context())
    [west] = [x for x in lines if x.description == "UserService-prod in us-west-2: storage"]
    assert west.catalog == "us-east-1.yaml"
    assert "us-west-2 priced at the us-east-1 rate (no us-west-2 price catalog loaded)" in (
        west.assumptions
    )


def test_a_resource_in_a_region_without_a_pricer_is_unpriced() -> None:
    key = Resource("dr", "Key", "AWS::KMS::Key", {}, region="eu-south-9")
    with pytest.raises(Unpriced, match="no price catalog loaded for its region eu-south-9"):
        _context().at(key)
    lines, unpriced, _ = price_resources([key], _context())
    assert lines == []
    assert [u.reason for u in unpriced] == ["no price catalog loaded for its region eu-south-9"]
