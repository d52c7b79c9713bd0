from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.spec.helpers import load, problems


def test_prod_subnets_are_inside(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    load(tmp_path, spec_data)


def test_subnet_outside_the_vpc(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["network"]["subnets"]["database"][2] = "10.9.13.0/24"
    (line,) = problems(tmp_path, data)
    assert line.endswith("network.subnets.database[2]: 10.9.13.0/24 is outside the VPC 10.0.0.0/16")
