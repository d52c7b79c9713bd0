"""The cluster-reachable rule: named admins and a way in to the API endpoint."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.spec.helpers import load, problems


def test_private_endpoint_with_admins_and_port_forwarding_passes(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    cluster = load(tmp_path, spec_data).cluster
    assert cluster.admins == ["arn:aws:iam::111122223333:role/chariot-platform-admins"]
    assert cluster.endpoint.ssm_port_forwarding


def test_no_admins_is_refused(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["cluster"]["admins"] = []
    (line,) = problems(tmp_path, data)
    assert "cluster.admins: no cluster admins" in line


def test_private_only_without_a_way_in_is_refused(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    data["cluster"]["endpoint"] = {"private": True, "public": False}
    (line,) = problems(tmp_path, data)
    assert "cluster.endpoint: the API endpoint is private only and no way in is chosen" in line


def test_a_public_endpoint_restricted_to_cidrs_is_a_way_in(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(spec_data)
    data["cluster"]["endpoint"] = {"public": True, "public_cidrs": ["203.0.113.0/24"]}
    assert load(tmp_path, data).cluster.endpoint.public_cidrs == ["203.0.113.0/24"]
