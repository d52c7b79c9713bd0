from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.spec.helpers import load, problems, with_api


def test_meshed_routed_services_pass(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    assert all(s.meshed for s in load(tmp_path, spec_data).services)


def test_routed_service_outside_the_mesh_is_refused(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    data["services"][0]["meshed"] = False
    (line,) = problems(tmp_path, data)
    assert "services/00-svc.yaml" in line
    assert "meshed: service 'assets' is routed by the http edge" in line


def test_rest_edge_keeps_its_own_authorizer(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["services"][0]["meshed"] = False
    data["edge"] = with_api(data["edge"], "rest")
    data["edge"]["jwt"] = {}
    assert not load(tmp_path, data).service("assets").meshed
