"""The cluster's Kubernetes version is in EKS standard support on the day of the check."""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.eks_versions import standard_support_problem
from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    reason = standard_support_problem(spec.cluster.kubernetes_version, ctx.on)
    if reason:
        yield ("cluster", "kubernetes_version"), reason
