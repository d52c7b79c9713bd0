"""No two subnets overlap."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from chariot.spec.model import PlatformSpec
from chariot.spec.problems import format_path
from chariot.spec.rules.base import Context, Violation


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    seen: list[tuple[tuple[str, int], ipaddress.IPv4Network]] = []
    for tier in ("public", "private", "database", "pods"):
        for index, cidr in enumerate(getattr(spec.network.subnets, tier)):
            network = ipaddress.IPv4Network(cidr)
            for (other_tier, other_index), other in seen:
                if network.overlaps(other):
                    where = format_path(("network", "subnets", other_tier, other_index))
                    yield (
                        ("network", "subnets", tier, index),
                        f"{network} overlaps {other} ({where})",
                    )
            seen.append(((tier, index), network))
