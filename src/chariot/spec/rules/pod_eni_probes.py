"""Pods with their own security groups pass their kubelet probes.

With `ENABLE_POD_ENI`, a pod in a SecurityGroupPolicy gets a branch ENI; the kubelet probes it
from the node, and the reply leaves through the wrong interface unless the aws-vpc-cni-init
container sets `DISABLE_TCP_EARLY_DEMUX=true`
(https://docs.aws.amazon.com/eks/latest/userguide/security-groups-pods-deployment.html).
Every service chariot renders has HTTP readiness and liveness probes, so the flag is required.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation
from chariot.spec.vpc_cni import vpc_cni, vpc_cni_index


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    settings = vpc_cni(spec)
    index = vpc_cni_index(spec)
    if index is None or not settings.pod_eni or settings.tcp_early_demux_disabled:
        return
    yield (
        ("cluster", "addons", index, "configuration", "init", "env", "DISABLE_TCP_EARLY_DEMUX"),
        'vpc-cni sets ENABLE_POD_ENI but not init.env.DISABLE_TCP_EARLY_DEMUX: "true"; the '
        "kubelet's HTTP probes of pods with a branch ENI (security.pod_security_groups) then "
        "fail and those services never become Ready",
    )
