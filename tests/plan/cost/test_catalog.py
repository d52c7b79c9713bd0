"""The price catalog: complete provenance per price, staleness warning, clear errors."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from chariot.plan.cost.catalog import (
    STALE_AFTER_DAYS,
    UnknownPriceError,
    available_regions,
    load_catalog,
    load_catalogs,
)
from chariot.spec.problems import SpecError

REGIONS = ["us-east-1", "us-west-2"]  # prod's region and its DR region


def test_a_catalog_per_region_prod_deploys_to() -> None:
    assert available_regions() == REGIONS


@pytest.mark.parametrize("region", REGIONS)
def test_every_price_has_a_source_and_dates(region: str) -> None:
    catalog = load_catalog(region)
    assert catalog.region == region
    assert len(catalog.prices) > 80
    for price in catalog.prices.values():
        assert price.source.startswith("https://aws.amazon.com/"), price.id
        assert price.effective <= price.read, price.id
        if price.confidence == "assumption":
            assert price.model != "on_demand", f"{price.id}: list prices are not assumptions"
            assert price.note, f"{price.id}: an assumption must say why"


@pytest.mark.parametrize("region", REGIONS)
def test_every_confirmed_price_names_what_confirmed_it(region: str) -> None:
    for price in load_catalog(region).prices.values():
        if price.confidence != "assumption":
            assert len(price.note) > 20, f"{region} {price.id}: say where it was read or why not"


def test_the_catalogs_price_the_same_ids_in_the_same_units() -> None:
    """Every price id the billing code may ask for exists in every region's catalog, with the
    same unit and pricing model (only the figure and its provenance differ)."""
    first, *others = (load_catalog(region) for region in REGIONS)
    for other in others:
        assert sorted(other.prices) == sorted(first.prices), other.file.name
        for price_id, price in first.prices.items():
            theirs = other[price_id]
            assert (theirs.unit, theirs.model) == (price.unit, price.model), price_id


def test_the_dr_catalog_says_what_it_prices() -> None:
    west = load_catalog("us-west-2")
    assert all(p.read == date(2026, 12, 2) for p in west.prices.values())
    assert "us-east-1" not in west["transfer.inter_region.gb"].description
    assert "us-west-2" in west["ec2.spot.discount"].description


@pytest.mark.parametrize("region", REGIONS)
def test_discounts_are_fractions(region: str) -> None:
    catalog = load_catalog(region)
    for price in catalog.prices.values():
        if price.model.endswith("discount"):
            assert 0 < price.usd < 1, price.id


def test_staleness_warning_after_90_days() -> None:
    catalog = load_catalog("us-east-1")
    fresh = catalog.oldest_read + timedelta(days=STALE_AFTER_DAYS)
    assert catalog.staleness_warning(fresh) is None
    warning = catalog.staleness_warning(fresh + timedelta(days=1))
    assert warning is not None
    assert "91 days ago" in warning


def test_unknown_price_and_region_are_errors(tmp_path: Path) -> None:
    catalog = load_catalog("us-east-1")
    with pytest.raises(UnknownPriceError):
        catalog["ec2.instance.z9.huge"]
    with pytest.raises(SpecError, match="no price catalog for eu-west-9"):
        load_catalog("eu-west-9")


def test_a_malformed_or_duplicated_entry_names_the_field(tmp_path: Path) -> None:
    entry = (
        "  - {id: a, service: S, description: d, unit: u, usd: 1, model: on_demand, "
        "effective: 2026-01-01, read: 2026-01-02, source: 'https://x', confidence: recalled}\n"
    )
    (tmp_path / "xx-test-1.yaml").write_text(
        "region: xx-test-1\ncurrency: USD\nprices:\n" + entry + entry
    )
    with pytest.raises(SpecError, match="duplicate price id"):
        load_catalog("xx-test-1", tmp_path)
    (tmp_path / "xx-test-1.yaml").write_text(
        "region: xx-test-1\ncurrency: USD\nprices:\n" + entry.replace("usd: 1", "usd: -1")
    )
    with pytest.raises(SpecError, match=r"prices\.0\.usd"):
        load_catalog("xx-test-1", tmp_path)
    (tmp_path / "xx-test-1.yaml").write_text("region: xx-test-2\ncurrency: USD\nprices:\n" + entry)
    with pytest.raises(SpecError, match="is 'xx-test-2', the file is for xx-test-1"):
        load_catalog("xx-test-1", tmp_path)


def test_load_catalogs_reads_one_per_region_primary_first() -> None:
    catalogs = load_catalogs("us-east-1", {"us-west-2": ["chariot-prod-dr-network"]})
    assert [c.region for c in catalogs.all] == REGIONS
    assert catalogs.files == "us-east-1.yaml, us-west-2.yaml"
    assert catalogs.oldest_read == min(c.oldest_read for c in catalogs.all)
    stale = catalogs.staleness_warnings(catalogs.oldest_read + timedelta(days=STALE_AFTER_DAYS + 1))
    # us-west-2.yaml was read later than us-east-1.yaml's oldest price: only the latter is stale
    assert [w.split(":")[0] for w in stale] == ["price catalog us-east-1.yaml"]
    with pytest.raises(
        SpecError,
        match=r"eu-south-9 \(have: us-east-1, us-west-2\); the templates deploy stacks a, b there",
    ):
        load_catalogs("us-east-1", {"eu-south-9": ["b", "a"]})
    assert date(2026, 1, 2) > date(2026, 1, 1)
