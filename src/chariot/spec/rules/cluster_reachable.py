"""Somebody can reach the cluster's API: a private-only endpoint needs named admins (EKS access
entries) and a way in (Session Manager port forwarding); a public endpoint is only ever open to
`public_cidrs` (the model refuses anything else) and needs admins too.

Without it, the only identity with access is whichever role ran `cdk deploy`, and from outside
the VPC even that one cannot connect.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    endpoint = spec.cluster.endpoint
    if not spec.cluster.admins:
        yield (
            ("cluster", "admins"),
            "no cluster admins: list the IAM role ARNs that get AmazonEKSClusterAdminPolicy "
            "(EKS access entries); otherwise only the role that ran the deploy can use the cluster",
        )
    if not endpoint.public and not endpoint.ssm_port_forwarding:
        yield (
            ("cluster", "endpoint"),
            "the API endpoint is private only and no way in is chosen: set "
            "ssm_port_forwarding: true (Session Manager through a node) or public: true with "
            "public_cidrs",
        )
