"""Every zone's subnets hold the spec's own maximum: all nodes, their pod addresses, branch
ENIs, endpoints, load balancers and Lambda ENIs (counted by `chariot.spec.ip_budget`).

The seed's three /24 private subnets held about 18-20 nodes with prefix delegation while its
node groups and Karpenter allowed far more: pods would stay Pending with "failed to assign an
IP address" long before the cluster reached the size the spec promises.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.ip_budget import UnknownInstanceTypeError, budgets
from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    try:
        found = budgets(spec)
    except UnknownInstanceTypeError:
        return  # a type without a row: instance-types-known reports it, with its field
    except KeyError:
        return  # a pod_security_groups entry without a service: references-exist reports it
    tiers = {"node": "private", "pod": "pods"}
    for budget in found:
        if budget.required <= budget.capacity:
            continue
        cidrs = getattr(spec.network.subnets, tiers[budget.kind])
        fix = (
            "add a secondary network.pod_cidr with subnets.pods and vpc-cni custom networking, "
            "or lower the node pools' max_size"
            if budget.kind == "node" and not spec.network.subnets.pods
            else "use larger subnets or lower the node pools' max_size"
        )
        yield (
            ("network", "subnets", tiers[budget.kind], cidrs.index(budget.cidr)),
            f"the {budget.kind} subnet cannot hold the spec's maximum in one zone: "
            f"{budget.summary()}; {fix}",
        )
