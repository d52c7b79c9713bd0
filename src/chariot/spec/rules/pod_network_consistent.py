"""Pod subnets, the secondary CIDR and vpc-cni custom networking come together.

Pods take addresses from `subnets.pods` only when the VPC CNI runs with custom networking
(`AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true`) and finds each node's ENIConfig by its zone label
(`ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone`); chariot creates one ENIConfig per zone
(https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network-tutorial.html).
Either half alone leaves pods in the node subnets or nodes without pod networking.
"""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation
from chariot.spec.vpc_cni import ZONE_LABEL, vpc_cni, vpc_cni_index


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    net = spec.network
    if net.subnets.pods and net.pod_cidr is None:
        yield ("network", "pod_cidr"), "subnets.pods needs network.pod_cidr (the secondary CIDR)"
    if net.pod_cidr is not None and not net.subnets.pods:
        yield ("network", "subnets", "pods"), "network.pod_cidr needs one pod subnet per zone"
    settings = vpc_cni(spec)
    index = vpc_cni_index(spec)
    where = ("cluster", "addons", index if index is not None else 0, "configuration", "env")
    if net.subnets.pods and not settings.custom_networking:
        yield (
            (*where, "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG"),
            "pod subnets are set but vpc-cni custom networking is off: set "
            'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true"',
        )
    if settings.custom_networking and not net.subnets.pods:
        yield (
            ("network", "subnets", "pods"),
            "vpc-cni custom networking is on but there are no pod subnets for its ENIConfigs",
        )
    if settings.custom_networking and settings.env.get("ENI_CONFIG_LABEL_DEF") != ZONE_LABEL:
        yield (
            (*where, "ENI_CONFIG_LABEL_DEF"),
            f"custom networking needs ENI_CONFIG_LABEL_DEF: {ZONE_LABEL} (one ENIConfig per zone)",
        )
