"""The global-tables-keep-pitr rule: a table replicated to the DR region keeps PITR."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.spec.helpers import load, problems


def _without_pitr(spec_data: dict[str, Any], service: str) -> dict[str, Any]:
    data = copy.deepcopy(spec_data)
    entry = next(s for s in data["services"] if s["name"] == service)
    entry["data"]["table"]["point_in_time_recovery"] = False
    return data


def test_a_global_table_without_pitr_is_refused(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    (line,) = problems(tmp_path, _without_pitr(spec_data, "users"))
    assert "data.table.point_in_time_recovery: users's table is a global table under " in line
    assert "dr.strategy warm_standby" in line


def test_backup_restore_tables_may_go_without_pitr(
    tmp_path: Path, spec_data: dict[str, Any]
) -> None:
    data = _without_pitr(spec_data, "users")
    data["dr"].update(strategy="backup_restore", rto_minutes=1440, rpo_minutes=60)
    del data["dr"]["objects_rpo_minutes"]
    spec = load(tmp_path, data)
    assert spec.service("users").data.table is not None
    assert spec.service("users").data.table.point_in_time_recovery is False
