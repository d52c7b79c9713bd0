"""Each tier has exactly one subnet per availability zone, and the zones are in the region."""

from __future__ import annotations

from collections.abc import Iterator

from chariot.spec.model import PlatformSpec
from chariot.spec.rules.base import Context, Violation


def check(spec: PlatformSpec, ctx: Context) -> Iterator[Violation]:
    zones = spec.availability_zones
    for index, zone in enumerate(zones):
        if not (zone.startswith(spec.region) and len(zone) == len(spec.region) + 1):
            yield ("availability_zones", index), f"{zone!r} is not a zone of region {spec.region}"
    if len(set(zones)) != len(zones):
        yield ("availability_zones",), "availability zones must be distinct"
    tiers = ["public", "private", "database"] + (["pods"] if spec.network.subnets.pods else [])
    for tier in tiers:
        cidrs = getattr(spec.network.subnets, tier)
        if len(cidrs) != len(zones):
            yield (
                ("network", "subnets", tier),
                f"{len(cidrs)} subnets for {len(zones)} availability zones: "
                "give exactly one per zone",
            )
    if spec.network.nat_gateways > len(zones):
        yield (
            ("network", "nat_gateways"),
            f"{spec.network.nat_gateways} NAT gateways for {len(zones)} zones: "
            "at most one per zone",
        )
