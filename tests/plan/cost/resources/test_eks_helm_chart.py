"""The volumes a Helm add-on claims are priced from the footprint catalog the add-ons declare."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from chariot.plan.cost.catalog import load_catalog
from chariot.plan.cost.mapping import Context
from chariot.plan.cost.model import Pricer
from chariot.plan.cost.resources.eks_helm_chart import price
from chariot.plan.cost.templates import read_templates
from chariot.plan.cost.usage import Usage
from chariot.spec.model import PlatformSpec

CASE = Path(__file__).parents[1] / "golden" / "eks_helm_chart"


def _priced(spec: PlatformSpec | None) -> dict[str, list[tuple[str, float]]]:
    ctx = Context(Pricer(load_catalog("us-east-1")), Usage(), date(2026, 12, 2), spec=spec)
    return {
        r.logical_id: [(line.description, line.monthly_usd) for line in price(r, ctx)]
        for r in read_templates(CASE)
    }


def test_prod_prices_the_server_and_alertmanager_volumes(prod: PlatformSpec) -> None:
    lines = _priced(prod)
    gp3 = load_catalog("us-east-1")["ebs.gp3.storage"].usd
    assert lines["Prometheus"] == [
        ("prometheus: server.persistentVolume 50 GiB gp3", pytest.approx(50 * gp3)),
        ("prometheus: alertmanager.persistence 1 GiB gp3", pytest.approx(1 * gp3)),
    ]
    assert lines["Karpenter"] == [("chart karpenter: its pods run on the priced nodes", 0)]


def test_dev_keeps_a_smaller_server_volume(dev: PlatformSpec) -> None:
    (server, _) = _priced(dev)["Prometheus"]
    assert server[0] == "prometheus: server.persistentVolume 10 GiB gp3"


def test_without_a_spec_the_chart_values_say_it() -> None:
    # the case's values: a 50Gi server volume, Alertmanager off
    assert [d for d, _ in _priced(None)["Prometheus"]] == [
        "prometheus: server.persistentVolume 50 GiB gp3"
    ]
