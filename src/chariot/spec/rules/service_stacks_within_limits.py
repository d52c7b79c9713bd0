"""Every stack the services fill stays within CloudFormation's limits (500 resources, 200
outputs, 1 MB template): each service stack, from what its services need
(chariot.spec.service_stacks.footprint), and the data stack with the pod security groups.

Without it a large catalog would fail late, in CDK's synthesis or in CloudFormation; the fix is
a spec change (more service stacks, fewer pod security groups), so the spec is refused.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation
from chariot.spec.service_stacks import (
    data_stack_footprint,
    service_stack_part,
    service_stacks,
    stack_footprints,
)


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    stacks = service_stacks(spec)
    over = {
        number: problems
        for number, size in stack_footprints(spec).items()
        if (problems := size.over_limits())
    }
    if over:
        number, problems = max(over.items(), key=lambda item: len(stacks[item[0]]))
        yield (
            ("stacks", "service_stacks"),
            f"{len(over)} of {spec.stacks.service_stacks} service stacks would break "
            f"CloudFormation's limits, e.g. {spec.name}-{spec.environment}-"
            f"{service_stack_part(number)} with {len(stacks[number])} services: "
            f"{', '.join(problems)}; raise stacks.service_stacks (it moves, and so replaces, "
            "tables: docs/infrastructure.md#service-stacks)",
        )
    problems = data_stack_footprint(spec).over_limits()
    if problems:
        yield (
            ("security", "pod_security_groups"),
            f"{len(spec.security.pod_security_groups)} pod security groups put the data stack "
            f"over CloudFormation's limits ({', '.join(problems)}); name fewer services",
        )
