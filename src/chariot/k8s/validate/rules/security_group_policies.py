"""A SecurityGroupPolicy selects pods of its namespace, and gives them more than one group.

The VPC resource controller accepts a policy that selects nothing (it then protects nothing),
and one with a single group: that pod loses the cluster security group, and with it CoreDNS,
istiod and the other sidecars unless that one group admits them too (a warning: a deliberately
self-sufficient group is possible).
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.k8s.validate.rules.base import Index, Violation

KIND = "SecurityGroupPolicy"


def check(index: Index) -> Iterator[Violation]:
    for policy in index.of_kind(KIND):
        pods = policy.get("spec", "podSelector")
        if pods is not None and not index.workloads_selected(policy.namespace, pods):
            yield Violation(
                policy,
                ("spec", "podSelector"),
                "selects no pods in its namespace: no pod gets these security groups",
            )
        groups = policy.get("spec", "securityGroups", "groupIds")
        if isinstance(groups, list) and len(groups) == 1:
            yield Violation(
                policy,
                ("spec", "securityGroups", "groupIds"),
                "one security group only: the pods lose the cluster security group (DNS, "
                "istiod, other sidecars) unless this group admits that traffic itself",
                "warning",
            )
