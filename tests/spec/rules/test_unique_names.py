from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.spec.helpers import load, problems


def test_distinct_names_pass(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    assert len(load(tmp_path, spec_data).services) == 3


def test_duplicate_service_names(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["services"][2]["name"] = data["services"][0]["name"]
    lines = problems(tmp_path, data)
    assert any(
        "services/02-svc.yaml:1: name: duplicate service name 'assets' (first defined at index 0)"
        in line
        for line in lines
    )


def test_two_services_cannot_share_a_table(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["services"][1]["data"]["table"]["name"] = "AssetService"
    (line,) = problems(tmp_path, data)
    assert "data.table.name: table 'AssetService' is already owned by service 'assets'" in line
