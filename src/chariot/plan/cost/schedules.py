"""Node counts over a week, from a node group's DesiredSize and the Scheduler schedules that
resize it (`chariot.infra.eks.scheduled_scaling`: `UpdateNodegroupConfig` at cron times).

A schedule sets a new desired size when it fires; the size holds until the next one fires, and
the week wraps around (the last change of the week holds into the next Monday). The result is a
list of (hours per week, nodes) that sums to 168 h, so a weekday 08-20 business-hours schedule of
10 nodes with 3 off-hours is 60 h at 10 and 108 h at 3, not a flat average someone picked.
Cron syntax: https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from chariot.plan.cost.model import Resource
from chariot.plan.cost.templates import literal_json

HOURS_PER_WEEK = 168
_DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
_CRON = re.compile(r"^cron\((.+)\)$")
SCHEDULE_TYPE = "AWS::Scheduler::Schedule"
UPDATE_NODEGROUP = "aws-sdk:eks:updateNodegroupConfig"


class ScheduleError(ValueError):
    """A schedule expression this planner cannot weigh (the message says which part)."""


@dataclass(frozen=True)
class Resize:
    """One schedule that sets a node group's desired size."""

    name: str  # the schedule's logical id
    nodegroup: str
    desired: int
    expression: str
    region: str | None = None  # the schedule's: its universal target calls EKS there


def _day(token: str) -> int:
    """EventBridge day of week: SUN-SAT or 1-7 (1 = Sunday) -> 0-6 (0 = Sunday)."""
    token = token.upper()
    if token.isdigit():
        value = int(token)
        if not 1 <= value <= 7:
            raise ScheduleError(f"day of week {token!r} is not 1-7")
        return value - 1
    if token not in _DAYS:
        raise ScheduleError(f"day of week {token!r} is not SUN-SAT")
    return _DAYS.index(token)


def _values(field: str, low: int, high: int, parse: Any = int) -> list[int]:
    """A cron field (`*`, `a`, `a-b`, `a,b`, `*/n`, `a-b/n`) as the sorted values it selects."""
    selected: set[int] = set()
    for part in field.split(","):
        item, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if item in ("*", "?"):
            start, end = low, high
        elif "-" in item:
            first, last = item.split("-", 1)
            start, end = parse(first), parse(last)
        else:
            start = end = parse(item)
            if step_text:
                end = high
        if end < start:  # e.g. FRI-MON wraps over the week's end
            selected.update(range(start, high + 1, step))
            selected.update(range(low, end + 1, step))
        else:
            selected.update(range(start, end + 1, step))
    return sorted(selected)


def firings(expression: str) -> list[float]:
    """The hours of the week (0 = Sunday 00:00) at which a `cron(...)` expression fires."""
    match = _CRON.match(expression.strip())
    if match is None:
        raise ScheduleError(f"{expression!r} is not a cron(...) expression")
    fields = match.group(1).split()
    if len(fields) != 6:
        raise ScheduleError(f"{expression!r}: a cron expression has 6 fields")
    minute, hour, dom, month, dow, year = fields
    if dom not in ("*", "?") or month != "*" or year not in ("*", "?"):
        raise ScheduleError(
            f"{expression!r}: only weekly patterns are weighed (day of month, month and year "
            "must be * or ?)"
        )
    minutes = _values(minute, 0, 59)
    hours = _values(hour, 0, 23)
    days = _values(dow, 0, 6, _day)
    return sorted(d * 24 + h + m / 60 for d in days for h in hours for m in minutes)


def resizes(resources: list[Resource]) -> list[Resize]:
    """Every Scheduler schedule in the templates that sets a node group's desired size."""
    found: list[Resize] = []
    for resource in resources:
        if resource.type != SCHEDULE_TYPE:
            continue
        target = resource.properties.get("Target") or {}
        if not str(target.get("Arn", "")).endswith(UPDATE_NODEGROUP):
            continue
        body = literal_json(target.get("Input"))
        scaling = body.get("ScalingConfig") if isinstance(body, dict) else None
        desired = scaling.get("DesiredSize") if isinstance(scaling, dict) else None
        name = body.get("NodegroupName") if isinstance(body, dict) else None
        expression = resource.properties.get("ScheduleExpression")
        if isinstance(desired, int) and isinstance(name, str) and isinstance(expression, str):
            found.append(Resize(resource.logical_id, name, desired, expression, resource.region))
    return found


def week(desired: int, changes: list[Resize]) -> list[tuple[float, int]]:
    """(hours per week, nodes) for a group of `desired` nodes resized by `changes`.

    With no changes the group runs `desired` nodes all week. With changes, the deploy-time
    desired size only lasts until the first firing, so the week is the changes' cycle alone.
    """
    events = sorted((at, change.desired) for change in changes for at in firings(change.expression))
    if not events:
        return [(float(HOURS_PER_WEEK), desired)]
    hours: dict[int, float] = {}
    for index, (at, nodes) in enumerate(events):
        following = events[(index + 1) % len(events)][0]
        span = (following - at) % HOURS_PER_WEEK or (HOURS_PER_WEEK if len(events) == 1 else 0)
        hours[nodes] = hours.get(nodes, 0.0) + span
    return sorted(((h, n) for n, h in hours.items() if h > 0), key=lambda item: -item[1])
