"""Shapes of the EC2 instance types node pools may use: CPU, memory and network interfaces.

One table for every layer: planning packs pods by vCPU and memory, the spec's IP budget counts
addresses by ENIs x IPv4 addresses per ENI. vCPU and memory from the EC2 instance-type pages
(https://aws.amazon.com/ec2/instance-types/); ENIs and IPv4 addresses per ENI from "Maximum IP
addresses per network interface" (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AvailableIpPerENI.html);
max pods without prefix delegation is EKS's formula ENIs x (IPs per ENI - 1) + 2
(https://docs.aws.amazon.com/eks/latest/userguide/choosing-instance-type.html). Read 2026-11-26.
Add a row to support another instance type.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InstanceShape:
    vcpu: int
    memory_gib: float
    enis: int
    ips_per_eni: int
    arch: str = "x86_64"

    @property
    def max_pods(self) -> int:
        """Pods per node without prefix delegation (the primary IP of each ENI is not a pod's)."""
        return self.enis * (self.ips_per_eni - 1) + 2


SHAPES: dict[str, InstanceShape] = {
    "t3.medium": InstanceShape(2, 4, 3, 6),
    "t3.large": InstanceShape(2, 8, 3, 12),
    "t3.xlarge": InstanceShape(4, 16, 4, 15),
    "m5.large": InstanceShape(2, 8, 3, 10),
    "m5.xlarge": InstanceShape(4, 16, 4, 15),
    "m5.2xlarge": InstanceShape(8, 32, 4, 15),
    "m6i.large": InstanceShape(2, 8, 3, 10),
    "m6i.xlarge": InstanceShape(4, 16, 4, 15),
    "m6i.2xlarge": InstanceShape(8, 32, 4, 15),
    "m7i.large": InstanceShape(2, 8, 3, 10),
    "m7i.xlarge": InstanceShape(4, 16, 4, 15),
    "c6i.large": InstanceShape(2, 4, 3, 10),
    "c6i.xlarge": InstanceShape(4, 8, 4, 15),
    "r6i.large": InstanceShape(2, 16, 3, 10),
    "r6i.xlarge": InstanceShape(4, 32, 4, 15),
    "m6g.large": InstanceShape(2, 8, 3, 10, "arm64"),
    "m6g.xlarge": InstanceShape(4, 16, 4, 15, "arm64"),
    "m7g.large": InstanceShape(2, 8, 3, 10, "arm64"),
    "m7g.xlarge": InstanceShape(4, 16, 4, 15, "arm64"),
}

PREFIX_DELEGATION_MAX_PODS = 110
PREFIX_DELEGATION_VCPU_LIMIT = 30


def max_pods(instance_type: str, prefix_delegation: bool) -> int:
    """EKS's pod ceiling: 110 with prefix delegation below 30 vCPUs, else the ENI limit."""
    shape = SHAPES[instance_type]
    if prefix_delegation and shape.vcpu < PREFIX_DELEGATION_VCPU_LIMIT:
        return PREFIX_DELEGATION_MAX_PODS
    return shape.max_pods
