"""The price catalog: complete provenance per price, staleness warning, clear errors."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from chariot.plan.cost.catalog import STALE_AFTER_DAYS, UnknownPriceError, load_catalog
from chariot.spec.problems import SpecError


def test_every_price_has_a_source_and_dates() -> None:
    catalog = load_catalog("us-east-1")
    assert catalog.region == "us-east-1"
    assert len(catalog.prices) > 80
    for price in catalog.prices.values():
        assert price.source.startswith("https://aws.amazon.com/"), price.id
        assert price.effective <= price.read, price.id
        if price.confidence == "assumption":
            assert price.model != "on_demand", f"{price.id}: list prices are not assumptions"
            assert price.note, f"{price.id}: an assumption must say why"


def test_discounts_are_fractions() -> None:
    catalog = load_catalog("us-east-1")
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
    assert date(2026, 1, 2) > date(2026, 1, 1)
