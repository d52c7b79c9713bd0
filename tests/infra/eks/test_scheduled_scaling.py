"""Scheduled node scaling: the seed's 10 by day / 3 at night, through EventBridge Scheduler."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from chariot.infra.eks.scheduled_scaling import UPDATE_NODEGROUP_TARGET, eventbridge_cron
from tests.infra.cfn import joined


@pytest.mark.parametrize(
    ("cron", "expected"),
    [
        ("0 8 * * 1-5", "cron(0 8 ? * MON-FRI *)"),
        ("0 20 * * 1-5", "cron(0 20 ? * MON-FRI *)"),
        ("30 6 1 * *", "cron(30 6 1 * ? *)"),
        ("0 0 * * 0,6", "cron(0 0 ? * SUN,SAT *)"),
        ("0 0 * * 7", "cron(0 0 ? * SUN *)"),
        ("*/15 * * * *", "cron(*/15 * * * ? *)"),
    ],
)
def test_five_field_cron_to_eventbridge(cron: str, expected: str) -> None:
    assert eventbridge_cron(cron) == expected


def test_day_of_month_with_day_of_week_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot combine"):
        eventbridge_cron("0 8 1 * 1")


@pytest.mark.synth
def test_prod_resizes_the_on_demand_group_by_day_and_night(synthesized: dict[str, Any]) -> None:
    schedules = synthesized["prod"].resources("cluster", "AWS::Scheduler::Schedule").values()
    by_expression = {s["Properties"]["ScheduleExpression"]: s["Properties"] for s in schedules}
    assert set(by_expression) == {"cron(0 8 ? * MON-FRI *)", "cron(0 20 ? * MON-FRI *)"}
    for expression, desired in (("cron(0 8 ? * MON-FRI *)", 11), ("cron(0 20 ? * MON-FRI *)", 7)):
        props = by_expression[expression]
        assert props["ScheduleExpressionTimezone"] == "UTC"
        assert props["Target"]["Arn"] == UPDATE_NODEGROUP_TARGET
        payload = json.loads(joined(props["Target"]["Input"]))
        assert payload["NodegroupName"] == "on-demand-workers"
        assert payload["ScalingConfig"] == {"DesiredSize": desired}


@pytest.mark.synth
def test_dev_has_no_schedule(synthesized: dict[str, Any]) -> None:
    assert synthesized["dev"].resources("cluster", "AWS::Scheduler::Schedule") == {}


def test_a_schedule_outside_the_pool_bounds_is_refused(spec_data: dict[str, Any]) -> None:
    spec_data = copy.deepcopy(spec_data)  # the fixture is shared
    from datetime import date
    from pathlib import Path

    from chariot.spec.load import Source, spec_from_data
    from chariot.spec.problems import SpecError

    spec_data["cost"]["scheduled_scaling"]["business_hours"]["desired"] = 15
    spec_data["cost"]["scheduled_scaling"]["off_hours"]["cron"] = "0 20 1 * 1-5"
    with pytest.raises(SpecError) as refused:
        spec_from_data(spec_data, Source(Path("prod.yaml")), date(2026, 11, 26))
    message = str(refused.value)
    assert "desired 15 is outside 1..14, the bounds of node pool 'on-demand-workers'" in message
    assert "EventBridge Scheduler cannot express" in message
