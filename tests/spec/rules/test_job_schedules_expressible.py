"""The job-schedules-expressible rule: the jobs' crons are ones an EventBridge rule can run."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tests.spec.helpers import load, problems


@pytest.mark.parametrize("job", ["unused_volumes", "rightsizing"])
def test_a_cron_with_both_day_fields_is_refused(
    tmp_path: Path, spec_data: dict[str, Any], job: str
) -> None:
    data = copy.deepcopy(spec_data)
    data["cost"][job] = {**data["cost"].get(job, {}), "schedule": "0 7 1 * 1"}
    (line,) = problems(tmp_path, data)
    assert line.endswith(
        f"cost.{job}.schedule: '0 7 1 * 1' sets both a day of the month and a day of the week, "
        "which an EventBridge rule cannot express; keep one of them '*'"
    )


def test_a_disabled_job_is_not_checked(tmp_path: Path, spec_data: dict[str, Any]) -> None:
    data = copy.deepcopy(spec_data)
    data["cost"]["rightsizing"] = {"enabled": False, "schedule": "0 7 1 * 1"}
    assert not load(tmp_path, data).cost.rightsizing.enabled
