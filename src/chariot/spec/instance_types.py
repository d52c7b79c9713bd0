"""Shapes of the EC2 instance types node pools may use: CPU, memory and network interfaces.

One table for every layer: planning packs pods by vCPU and memory, Karpenter caps a NodePool in
vCPUs and sets its pods per node, the spec's IP budget counts addresses by ENIs x IPv4 addresses
per ENI. vCPU and memory from the EC2 instance-type pages
(https://aws.amazon.com/ec2/instance-types/); ENIs and IPv4 addresses per ENI from "Maximum IP
addresses per network interface" (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AvailableIpPerENI.html);
max pods without prefix delegation is EKS's formula ENIs x (IPs per ENI - 1) + 2, and with it
110 under 30 vCPUs and 250 from there on
(https://docs.aws.amazon.com/eks/latest/userguide/choosing-instance-type.html). Read 2026-11-26.
Add a row to support another instance type; the instance-types-known spec rule refuses a type
without one (with Karpenter's `graviton`, also the Graviton type of the same shape it adds).
"""

from __future__ import annotations

from dataclasses import dataclass

from chariot.spec.model import NodePool


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
    "m6i.8xlarge": InstanceShape(32, 128, 8, 30),
    "m7i.large": InstanceShape(2, 8, 3, 10),
    "m7i.xlarge": InstanceShape(4, 16, 4, 15),
    "c6i.large": InstanceShape(2, 4, 3, 10),
    "c6i.xlarge": InstanceShape(4, 8, 4, 15),
    "r6i.large": InstanceShape(2, 16, 3, 10),
    "r6i.xlarge": InstanceShape(4, 32, 4, 15),
    "m6g.large": InstanceShape(2, 8, 3, 10, "arm64"),
    "m6g.xlarge": InstanceShape(4, 16, 4, 15, "arm64"),
    "m6g.2xlarge": InstanceShape(8, 32, 4, 15, "arm64"),
    "m7g.large": InstanceShape(2, 8, 3, 10, "arm64"),
    "m7g.xlarge": InstanceShape(4, 16, 4, 15, "arm64"),
    "m7g.2xlarge": InstanceShape(8, 32, 4, 15, "arm64"),
    "m7g.8xlarge": InstanceShape(32, 128, 8, 30, "arm64"),
    "c7g.large": InstanceShape(2, 4, 3, 10, "arm64"),
    "c7g.xlarge": InstanceShape(4, 8, 4, 15, "arm64"),
    "r7g.large": InstanceShape(2, 16, 3, 10, "arm64"),
    "r7g.xlarge": InstanceShape(4, 32, 4, 15, "arm64"),
    "t4g.medium": InstanceShape(2, 4, 3, 6, "arm64"),
    "t4g.large": InstanceShape(2, 8, 3, 12, "arm64"),
    "t4g.xlarge": InstanceShape(4, 16, 4, 15, "arm64"),
}

# x86 family -> the Graviton family of the same shape (general purpose, compute, memory).
GRAVITON_EQUIVALENT = {
    "m5": "m6g",
    "m6i": "m7g",
    "m7i": "m7g",
    "c5": "c6g",
    "c6i": "c7g",
    "c7i": "c7g",
    "r5": "r6g",
    "r6i": "r7g",
    "r7i": "r7g",
    "t3": "t4g",
}

PREFIX_DELEGATION_MAX_PODS = 110
PREFIX_DELEGATION_LARGE_MAX_PODS = 250
PREFIX_DELEGATION_VCPU_LIMIT = 30


def vcpus(instance_type: str) -> int:
    return SHAPES[instance_type].vcpu


def max_pods(instance_type: str, prefix_delegation: bool) -> int:
    """The kubelet's pod ceiling on one node: the ENI limit, or EKS's figure with prefixes."""
    shape = SHAPES[instance_type]
    if not prefix_delegation:
        return shape.max_pods
    if shape.vcpu < PREFIX_DELEGATION_VCPU_LIMIT:
        return PREFIX_DELEGATION_MAX_PODS
    return PREFIX_DELEGATION_LARGE_MAX_PODS


def pool_instance_types(pool: NodePool, graviton: bool) -> list[str]:
    """The pool's types, plus their Graviton equivalents when Graviton is allowed (Karpenter)."""
    types = list(pool.instance_types)
    if graviton:
        for t in pool.instance_types:
            family, size = t.split(".", 1)
            if family in GRAVITON_EQUIVALENT:
                candidate = f"{GRAVITON_EQUIVALENT[family]}.{size}"
                if candidate not in types:
                    types.append(candidate)
    return types
