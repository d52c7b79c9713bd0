"""Which stack a service's own resources live in, and what a stack of them weighs.

A service's table, Pod Identity role, policy and association, ECR repository and dashboard go to the
stack `<name>-<env>-services-<n>` with n = 1 + sha256(service name) mod `stacks.service_stacks`.
The number depends on the name alone, so adding or removing a service never moves another one:
moving a stateful resource between stacks replaces it (a new, empty table). Only numbers that
hold a service get a stack.

CloudFormation refuses a stack over 500 resources, 200 outputs or a 1 MB template
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html);
`footprint` counts what the infra layer builds for a service so the spec rule
`service-stacks-within-limits` can refuse a catalog before synthesis (a test compares the count
with synthesized templates).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from chariot.spec.cloudformation_limits import (
    CFN_MAX_OUTPUTS,
    CFN_MAX_RESOURCES,
    CFN_MAX_TEMPLATE_BYTES,
)
from chariot.spec.dr_strategies import replicates_data
from chariot.spec.model import PlatformSpec, Service

SERVICES_PART = "services"

# Upper bounds of the bytes of one resource and one output in a synthesized template (the
# largest measured per service stack: benchmarks/results, template bytes over resources), and of
# a service stack's own parts (description, bootstrap version parameter and rule).
BYTES_PER_RESOURCE = 1_500
BYTES_PER_OUTPUT = 300
STACK_BASE_BYTES = 2_000
# A service's dashboard body (a JSON string of its widgets; the longest, a routed service with a
# table and the cache, measured at about 6 KB on prod) beyond BYTES_PER_RESOURCE.
DASHBOARD_EXTRA_BYTES = 6_000
# A global table repeats its settings per replica (keys, PITR, tags, autoscaling): measured at
# about 1.5 KB over BYTES_PER_RESOURCE with two replicas on prod's tables; 2 KB bounds it.
GLOBAL_TABLE_EXTRA_BYTES = 2_000


def service_stack_number(service: str, stacks: int) -> int:
    """1..stacks, from the name only: stable while the catalog grows."""
    return 1 + int(hashlib.sha256(service.encode("utf-8")).hexdigest(), 16) % stacks


def service_stack_part(number: int) -> str:
    return f"{SERVICES_PART}-{number}"


def service_stacks(spec: PlatformSpec) -> dict[int, list[Service]]:
    """The non-empty stacks by number (ascending), each with its services in catalog order."""
    groups: dict[int, list[Service]] = {}
    for service in spec.services:
        number = service_stack_number(service.name, spec.stacks.service_stacks)
        groups.setdefault(number, []).append(service)
    return dict(sorted(groups.items()))


@dataclass(frozen=True)
class Footprint:
    resources: int = 0
    outputs: int = 0
    extra_bytes: int = 0  # beyond BYTES_PER_RESOURCE: a global table's replica blocks

    def __add__(self, other: Footprint) -> Footprint:
        return Footprint(
            self.resources + other.resources,
            self.outputs + other.outputs,
            self.extra_bytes + other.extra_bytes,
        )

    @property
    def template_bytes(self) -> int:
        """An upper bound of the template's size."""
        return (
            STACK_BASE_BYTES
            + self.resources * BYTES_PER_RESOURCE
            + self.outputs * BYTES_PER_OUTPUT
            + self.extra_bytes
        )

    def over_limits(self) -> list[str]:
        """What CloudFormation would refuse, as `N resources (max 500)` phrases."""
        problems = []
        for value, limit, what in (
            (self.resources, CFN_MAX_RESOURCES, "resources"),
            (self.outputs, CFN_MAX_OUTPUTS, "outputs"),
            (self.template_bytes, CFN_MAX_TEMPLATE_BYTES, "template bytes (estimated)"),
        ):
            if value > limit:
                problems.append(f"{value} {what} (max {limit})")
        return problems


def has_permissions(spec: PlatformSpec, service: Service) -> bool:
    """Whether the service's role gets a policy: it has some data-tier access to grant."""
    return (
        service.data.table is not None
        or (service.data.graph and spec.data.neptune.enabled)
        or (service.data.cache and spec.data.cache.enabled)
    )


def footprint(spec: PlatformSpec, service: Service) -> Footprint:
    """The resources and outputs of one service in its service stack: the ECR repository, the
    dashboard, the Pod Identity role and association (and a managed policy when there is
    anything to grant),
    the table with two scalable targets and two policies for itself and for each index when it
    autoscales (a global table holds its autoscaling settings itself); outputs: repository URI,
    role ARN and table name."""
    resources = 1 + 1 + 2 + (1 if has_permissions(spec, service) else 0)
    outputs = 2
    extra = DASHBOARD_EXTRA_BYTES
    table = service.data.table
    if table is not None:
        resources += 1
        outputs += 1
        provisioned = table.provisioned if table.billing == "provisioned" else None
        if replicates_data(spec):
            extra += GLOBAL_TABLE_EXTRA_BYTES
        elif provisioned is not None and provisioned.autoscaling is not None:
            resources += 4 * (1 + len(table.indexes))
    return Footprint(resources, outputs, extra)


def stack_footprints(spec: PlatformSpec) -> dict[int, Footprint]:
    """The footprint of every non-empty service stack."""
    return {
        number: sum((footprint(spec, s) for s in services), Footprint())
        for number, services in service_stacks(spec).items()
    }


# The data stack apart from Neptune instances and pod security groups: an upper bound of what
# it holds (the graph, the cache, their security groups, backup; measured on prod and dev).
DATA_STACK_BASE = Footprint(resources=40, outputs=16)


def data_stack_footprint(spec: PlatformSpec) -> Footprint:
    """The data stack grows with the services only through pod security groups: one group with
    an egress and an ingress rule per store its service reaches, and one output."""
    named = set(spec.security.pod_security_groups)
    resources = DATA_STACK_BASE.resources
    if spec.data.neptune.enabled:
        resources += spec.data.neptune.instances
    outputs = DATA_STACK_BASE.outputs
    for service in spec.services:
        if service.name in named:
            resources += 1 + (2 if service.data.graph else 0) + (2 if service.data.cache else 0)
            outputs += 1
    return Footprint(resources, outputs)
