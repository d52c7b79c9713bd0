from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.spec.helpers import load, problems


def test_distinct_subnets_pass(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    spec = load(tmp_path, spec_data)
    assert spec.network.subnets.private == ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]


def test_overlap_names_both_subnets(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["network"]["subnets"]["database"][0] = "10.0.1.0/25"
    (line,) = problems(tmp_path, data)
    assert line.endswith(
        "network.subnets.database[0]: 10.0.1.0/25 overlaps 10.0.1.0/24 (network.subnets.private[0])"
    )
    file, number = line.split(":")[:2]
    assert "10.0.1.0/25" in Path(file).read_text().splitlines()[int(number) - 1]
