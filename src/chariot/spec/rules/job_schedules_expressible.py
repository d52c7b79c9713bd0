"""The platform's scheduled jobs run from EventBridge rules, whose cron cannot set both a day of
the month and a day of the week (one of them must be `?`:
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html), so a
five-field cron that does is refused here with its field, not when the stack is synthesized.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    jobs = {
        "unused_volumes": (spec.cost.unused_volumes.enabled, spec.cost.unused_volumes.schedule),
        "rightsizing": (spec.cost.rightsizing.enabled, spec.cost.rightsizing.schedule),
    }
    for name, (enabled, cron) in jobs.items():
        fields = cron.split()
        if enabled and fields[2] not in ("*", "?") and fields[4] not in ("*", "?"):
            yield (
                ("cost", name, "schedule"),
                f"{cron!r} sets both a day of the month and a day of the week, which an "
                "EventBridge rule cannot express; keep one of them '*'",
            )
