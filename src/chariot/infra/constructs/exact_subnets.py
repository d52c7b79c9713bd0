"""An `IIpAddresses` that gives every subnet the exact CIDR the spec names.

`ec2.Vpc` normally carves subnets itself; the spec instead fixes each tier's CIDR per zone
(prod: public 10.0.101-103.0/24, private 10.0.1-3.0/24, database 10.0.11-13.0/24).
"""

from __future__ import annotations

import jsii
from aws_cdk import aws_ec2 as ec2

from chariot.spec.model import Network


@jsii.implements(ec2.IIpAddresses)
class ExactSubnets:
    """Allocates subnets by (group name, zone) from a fixed table."""

    def __init__(self, network: Network, zones: list[str]) -> None:
        self._vpc_cidr = network.vpc_cidr
        self._table: dict[tuple[str, str], str] = {}
        for group in ("public", "private", "database"):
            for zone, cidr in zip(zones, getattr(network.subnets, group), strict=True):
                self._table[(group, zone)] = cidr

    def allocate_vpc_cidr(self) -> ec2.VpcIpamOptions:
        return ec2.VpcIpamOptions(cidr_block=self._vpc_cidr)

    def allocate_subnets_cidr(self, input: ec2.AllocateCidrRequest) -> ec2.SubnetIpamOptions:
        allocated = []
        for requested in input.requested_subnets:
            key = (requested.configuration.name, requested.availability_zone)
            if key not in self._table:
                raise ValueError(f"no CIDR in the spec for subnet group/zone {key}")
            allocated.append(ec2.AllocatedSubnet(cidr=self._table[key]))
        return ec2.SubnetIpamOptions(allocated_subnets=allocated)
