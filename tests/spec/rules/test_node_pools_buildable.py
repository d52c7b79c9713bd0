"""The node-pools-buildable rule: one architecture per pool, schedules the pool can take."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from chariot.spec.load import Source, spec_from_data
from chariot.spec.problems import SpecError

DAY = date(2026, 11, 26)


def _load(data: dict[str, Any]) -> None:
    spec_from_data(data, Source(Path("prod.yaml")), DAY)


def test_the_shipped_prod_spec_passes(spec_data: dict[str, Any]) -> None:
    spec_data = copy.deepcopy(spec_data)  # the fixture is shared
    _load(spec_data)


def test_mixed_architectures_in_one_pool_are_refused(spec_data: dict[str, Any]) -> None:
    spec_data = copy.deepcopy(spec_data)  # the fixture is shared
    spec_data["cluster"]["node_pools"][0]["instance_types"] = ["m6i.large", "m7g.large"]
    with pytest.raises(SpecError, match="mixes Graviton"):
        _load(spec_data)


def test_an_all_graviton_pool_is_fine(spec_data: dict[str, Any]) -> None:
    spec_data = copy.deepcopy(spec_data)  # the fixture is shared
    spec_data["cluster"]["node_pools"][0]["instance_types"] = ["m7g.large", "m7g.xlarge"]
    _load(spec_data)


def test_off_hours_below_the_pool_minimum_is_refused(spec_data: dict[str, Any]) -> None:
    spec_data = copy.deepcopy(spec_data)  # the fixture is shared
    spec_data["cost"]["scheduled_scaling"]["off_hours"]["desired"] = 0
    with pytest.raises(
        SpecError,
        match=r"desired 0 is outside 1\.\.14, the bounds of node pool 'on-demand-workers'",
    ):
        _load(spec_data)
