"""Every subnet lies inside the VPC CIDR; pod subnets inside the secondary pod CIDR."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    vpc = ipaddress.IPv4Network(spec.network.vpc_cidr)
    for tier in ("public", "private", "database"):
        for index, cidr in enumerate(getattr(spec.network.subnets, tier)):
            if not ipaddress.IPv4Network(cidr).subnet_of(vpc):
                yield (
                    ("network", "subnets", tier, index),
                    f"{cidr} is outside the VPC {vpc}",
                )
    pod_cidr = spec.network.pod_cidr
    for index, cidr in enumerate(spec.network.subnets.pods):
        if pod_cidr is None or not ipaddress.IPv4Network(cidr).subnet_of(
            ipaddress.IPv4Network(pod_cidr)
        ):
            yield (
                ("network", "subnets", "pods", index),
                f"{cidr} is outside network.pod_cidr ({pod_cidr or 'not set'})",
            )
