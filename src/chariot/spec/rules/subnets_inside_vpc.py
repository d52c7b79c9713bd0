"""Every subnet lies inside the VPC CIDR."""

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
