"""AWS::Neptune::DBInstance: instance-hours by class (no reserved instances for Neptune)."""

from __future__ import annotations

from chariot.plan.cost.billing import monthly_hours
from chariot.plan.cost.mapping import Context, Mapping, Unpriced
from chariot.plan.cost.model import CostLine, Resource

COMPONENT = "Neptune"


def price(resource: Resource, ctx: Context) -> list[CostLine]:
    klass = resource.literal("DBInstanceClass")
    if not isinstance(klass, str):
        raise Unpriced("DBInstanceClass is not a literal")
    return [
        ctx.line(
            COMPONENT, resource, f"{klass} instance", monthly_hours(), f"neptune.instance.{klass}"
        )
    ]


MAPPING = Mapping("AWS::Neptune::DBInstance", COMPONENT, (), price)
