"""Node-hours from a node group's desired size and the schedules that resize it (issue 15,
finding 3): weighted by the hours each size holds, never below the capacity plan."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from chariot.plan.capacity import plan_capacity
from chariot.plan.cost.catalog import load_catalog
from chariot.plan.cost.mapping import Context
from chariot.plan.cost.model import Pricer
from chariot.plan.cost.resources import eks_nodegroup
from chariot.plan.cost.schedules import Resize, ScheduleError, firings, week
from chariot.plan.cost.templates import read_templates
from chariot.plan.cost.usage import Usage
from chariot.plan.placement import place
from chariot.spec.model import PlatformSpec

CASE = Path(__file__).parent / "golden" / "eks_nodegroup_scheduled"


def test_weekday_business_hours_fire_five_times_a_week() -> None:
    # Monday 08:00 is hour 32 of a week that starts on Sunday
    assert firings("cron(0 8 ? * MON-FRI *)") == [32.0, 56.0, 80.0, 104.0, 128.0]
    assert firings("cron(30 20 ? * 2-6 *)")[0] == pytest.approx(44.5)


def test_a_month_or_day_of_month_pattern_is_refused_not_guessed() -> None:
    with pytest.raises(ScheduleError, match="weekly patterns"):
        firings("cron(0 8 1 * ? *)")


def test_the_last_change_of_the_week_holds_over_the_weekend() -> None:
    assert week(2, []) == [(168.0, 2)]
    up = Resize("Up", "g", 10, "cron(0 8 ? * MON-FRI *)")
    down = Resize("Down", "g", 3, "cron(0 20 ? * MON-FRI *)")
    # Friday 20:00 to Monday 08:00 is 60 h at 3, on top of the four weeknights' 48 h
    assert sorted(week(2, [up, down])) == [(60.0, 10), (108.0, 3)]


def test_the_plan_floors_the_scheduled_sizes(prod: PlatformSpec, tmp_path: Path) -> None:
    template = json.loads((CASE / "case.template.json").read_text())
    template["Resources"]["Ng"]["Properties"]["NodegroupName"] = "on-demand-workers"
    for name in ("BusinessHours", "OffHours"):
        target = template["Resources"][name]["Properties"]["Target"]
        parts = target["Input"]["Fn::Join"][1]
        parts[2] = (
            parts[2]
            .replace('"workers"', '"on-demand-workers"')
            .replace('"DesiredSize":10', '"DesiredSize":20')
        )
    (tmp_path / "case.template.json").write_text(json.dumps(template))
    resources = read_templates(tmp_path)
    plan = plan_capacity(prod, place(prod))
    pool = plan.pool("on-demand-workers")
    assert pool is not None
    need = pool.nodes_at_target
    assert 3 < need < 20  # the off-hours size is below what the plan's pods need
    ctx = Context(
        Pricer(load_catalog("us-east-1")), Usage(), date(2026, 11, 26), prod, plan, resources
    )
    ng = next(r for r in resources if r.logical_id == "Ng")
    hours, notes = eks_nodegroup.node_week(ng, ctx)
    assert sorted(hours, key=lambda h: h[0]) == [(60.0, 20), (108.0, need)]
    assert any("max(schedule, plan)" in note for note in notes)
    lines = eks_nodegroup.price(ng, ctx)
    assert [line.steady for line in lines if line.component == "EC2 Nodes"] == [True, False]
    assert sum(line.quantity for line in lines if line.component == "EC2 Nodes") == pytest.approx(
        (60 * 20 + 108 * need) / 168 * 730
    )


def test_the_dr_regions_group_of_the_same_name_is_neither_scheduled_nor_floored(
    prod: PlatformSpec, tmp_path: Path
) -> None:
    """The primary's schedules and capacity plan are about the primary region: a DR-region
    node group named like a primary pool runs what its template says."""
    template = json.loads((CASE / "case.template.json").read_text())
    template["Resources"]["Ng"]["Properties"]["NodegroupName"] = "on-demand-workers"
    for name in ("BusinessHours", "OffHours"):
        parts = template["Resources"][name]["Properties"]["Target"]["Input"]["Fn::Join"][1]
        parts[2] = parts[2].replace('"workers"', '"on-demand-workers"')
    dr = {"Resources": {"Ng": template["Resources"].pop("Ng")}}
    dr["Resources"]["Ng"]["Properties"]["ScalingConfig"]["DesiredSize"] = 1
    (tmp_path / "chariot-prod-cluster.template.json").write_text(json.dumps(template))
    (tmp_path / "chariot-prod-dr-cluster.template.json").write_text(json.dumps(dr))
    environment = {"cluster": prod.region, "dr-cluster": prod.dr.dr_region}
    manifest = {
        "artifacts": {
            f"chariot-prod-{part}": {"environment": f"aws://{prod.account}/{region}"}
            for part, region in environment.items()
        }
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    resources = read_templates(tmp_path)
    assert {r.region for r in resources} == {prod.region, prod.dr.dr_region}
    plan = plan_capacity(prod, place(prod))
    ctx = Context(
        Pricer(load_catalog("us-east-1")), Usage(), date(2026, 11, 26), prod, plan, resources
    )
    (ng,) = [r for r in resources if r.logical_id == "Ng"]
    assert ng.region == prod.dr.dr_region
    hours, notes = eks_nodegroup.node_week(ng, ctx)
    assert hours == [(168.0, 1)]
    assert notes == ["template: DesiredSize 1"]
