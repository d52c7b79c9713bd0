"""Which resources AWS Backup protects, how often, and whether copies leave the region.

A backup plan's rules run on a schedule (`cron(...)` or `rate(...)`); a rule with a copy action
to a vault in another region gives that region a restore point every interval, plus the job's
own duration. https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chariot.verify.backup_selection import TABLE_TYPES, selects
from chariot.verify.readiness.base import Platform, as_list

_RATE = re.compile(r"^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$")
_CRON = re.compile(r"^cron\((.+)\)$")
_UNIT = {"minute": 1, "hour": 60, "day": 24 * 60}


def _daily_hours(hour: str) -> float | None:
    """Minutes between runs of a cron that fires every day at the hours in `hour`."""
    if hour == "*":
        return 60
    if hour.startswith("*/") and hour[2:].isdigit():
        return int(hour[2:]) * 60
    hours = hour.split(",")
    return 24 * 60 / len(hours) if all(h.isdigit() for h in hours) else None


def interval_minutes(expression: str) -> float | None:
    """The minutes between two runs of a schedule expression; None when not understood."""
    rate = _RATE.match(expression.strip())
    if rate:
        return int(rate.group(1)) * _UNIT[rate.group(2).rstrip("s")]
    cron = _CRON.match(expression.strip())
    fields = cron.group(1).split() if cron else []
    if len(fields) != 6 or not fields[0].isdigit():
        return None
    day, month, weekday = fields[2], fields[3], fields[4]
    if day not in ("*", "?") or month != "*" or weekday not in ("*", "?"):
        return None
    return _daily_hours(fields[1])


@dataclass(frozen=True)
class Protection:
    """The shortest backup interval of a resource, and of copies to another region."""

    interval: float | None = None
    copy_interval: float | None = None
    copy_vault: str = ""


# What the DR model asks AWS Backup about: the stores whose copies it counts.
PROTECTED_TYPES = (*TABLE_TYPES, "AWS::Neptune::DBCluster")


def _shorter(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else min(a, b)


def protections(platform: Platform) -> dict[int, Protection]:
    """id(resource) -> its protection, for every store a backup selection takes (by ARN,
    reference or tag: chariot.verify.backup_selection)."""
    result: dict[int, Protection] = {}
    candidates = [r for kind in PROTECTED_TYPES for r in platform.resources(kind)]
    for selection in platform.resources("AWS::Backup::BackupSelection"):
        plan = platform.target(selection.template, selection.get("BackupPlanId"))
        if plan is None:
            continue
        region = plan.resource.template.region
        interval: float | None = None
        copy_interval: float | None = None
        vault = ""
        for rule in as_list(plan.resource.get("BackupPlan", "BackupPlanRule")):
            every = interval_minutes(str(rule.get("ScheduleExpression", "")))
            interval = _shorter(interval, every)
            for copy in as_list(rule.get("CopyActions")):
                arn = platform.text(plan.resource.template, copy.get("DestinationBackupVaultArn"))
                parts = (arn or "").split(":")
                if (
                    len(parts) >= 7
                    and parts[3] != region
                    and every is not None
                    and (copy_interval is None or every < copy_interval)
                ):
                    copy_interval, vault = every, str(arn)
        for resource in candidates:
            if not selects(platform, selection, resource):
                continue
            known = result.get(id(resource), Protection())
            best_copy = _shorter(known.copy_interval, copy_interval)
            result[id(resource)] = Protection(
                _shorter(known.interval, interval),
                best_copy,
                vault if best_copy == copy_interval else known.copy_vault,
            )
    return result
