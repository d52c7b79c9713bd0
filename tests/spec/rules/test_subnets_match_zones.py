from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.spec.helpers import load, problems


def test_one_subnet_per_zone_passes(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    assert len(load(tmp_path, spec_data).availability_zones) == 3


def test_missing_subnet_for_a_zone(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["network"]["subnets"]["public"].pop()
    (line,) = problems(tmp_path, data)
    assert line.endswith(
        "network.subnets.public: 2 subnets for 3 availability zones: give exactly one per zone"
    )


def test_zone_outside_the_region_and_too_many_nat(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    data["availability_zones"][2] = "eu-west-1c"
    data["network"]["nat_gateways"] = 4
    lines = problems(tmp_path, data)
    assert any(
        line.endswith("availability_zones[2]: 'eu-west-1c' is not a zone of region us-east-1")
        for line in lines
    )
    assert any(
        line.endswith("network.nat_gateways: 4 NAT gateways for 3 zones: at most one per zone")
        for line in lines
    )
