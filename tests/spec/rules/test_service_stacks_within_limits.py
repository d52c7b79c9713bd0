"""The service-stacks-within-limits rule: a catalog whose service stacks (or the data stack's
pod security groups) would break CloudFormation's limits is refused before synthesis."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from chariot.spec.service_stacks import footprint
from tests.spec.catalogs import with_copies
from tests.spec.helpers import load, problems

# Regional tables, at targets backup_restore meets (dr-strategy-meets-targets).
BACKUP_RESTORE = {
    "strategy": "backup_restore",
    "rto_minutes": 1440,
    "rpo_minutes": 60,
    "dr_region": "us-west-2",
}


def test_the_catalog_passes_with_the_default_32_stacks(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    assert load(tmp_path, spec_data).stacks.service_stacks == 32


def test_too_many_services_for_one_stack_are_refused_in_one_line(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    # vulnerabilities autoscales its regional table: 10 resources each with its dashboard, so
    # 56 copies pass 500 (backup_restore: a global table holds its autoscaling and counts 6).
    regional = spec_data | {"dr": BACKUP_RESTORE}
    data = with_copies(regional, "vulnerabilities", 56)
    data["stacks"] = {"service_stacks": 1}
    spec = load(
        tmp_path / "fits",
        with_copies(regional, "vulnerabilities", 40) | {"stacks": {"service_stacks": 1}},
    )
    assert sum(footprint(spec, s).resources for s in spec.services) <= 500
    (line,) = problems(tmp_path / "over", data)
    assert (
        "stacks.service_stacks: 1 of 1 service stacks would break CloudFormation's limits" in line
    )
    assert "chariot-prod-services-1 with 59 services:" in line
    assert "resources (max 500)" in line
    assert line.endswith(
        "raise stacks.service_stacks (it moves, and so replaces, tables: "
        "docs/infrastructure.md#service-stacks)"
    )
    assert "\n" not in line


def test_more_stacks_make_the_same_catalog_fit(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = with_copies(spec_data, "vulnerabilities", 56)
    data["stacks"] = {"service_stacks": 4}
    assert len(load(tmp_path, data).services) == 59


def test_too_many_pod_security_groups_are_refused(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = with_copies(spec_data, "users", 190)
    data["security"] = copy.deepcopy(data.get("security", {}))
    data["security"]["pod_security_groups"] = [s["name"] for s in data["services"]]
    # (pod ENIs for 193 services also exhaust the pod subnets: subnet-ip-budget says so)
    (line,) = [p for p in problems(tmp_path, data) if "security.pod_security_groups:" in p]
    assert "security.pod_security_groups: 193 pod security groups put the data stack over" in line
    assert "outputs (max 200)" in line
