"""Shapes of the EC2 instance types the node pools may use: what bin-packing needs to know.

vCPU and memory from the EC2 instance-type pages (https://aws.amazon.com/ec2/instance-types/);
max pods per node from the EKS max-pods calculator (ENIs x (IPs per ENI - 1) + 2), and 110 with
VPC CNI prefix delegation for instances under 30 vCPU, as EKS recommends
(https://docs.aws.amazon.com/eks/latest/userguide/choosing-instance-type.html). Read 2026-11-26.
Add a row to support another instance type.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InstanceShape:
    vcpu: int
    memory_gib: float
    max_pods: int  # without prefix delegation
    arch: str = "x86_64"


SHAPES: dict[str, InstanceShape] = {
    "t3.medium": InstanceShape(2, 4, 17),
    "t3.large": InstanceShape(2, 8, 35),
    "t3.xlarge": InstanceShape(4, 16, 58),
    "m5.large": InstanceShape(2, 8, 29),
    "m5.xlarge": InstanceShape(4, 16, 58),
    "m5.2xlarge": InstanceShape(8, 32, 58),
    "m6i.large": InstanceShape(2, 8, 29),
    "m6i.xlarge": InstanceShape(4, 16, 58),
    "m6i.2xlarge": InstanceShape(8, 32, 58),
    "m7i.large": InstanceShape(2, 8, 29),
    "m7i.xlarge": InstanceShape(4, 16, 58),
    "c6i.large": InstanceShape(2, 4, 29),
    "c6i.xlarge": InstanceShape(4, 8, 58),
    "r6i.large": InstanceShape(2, 16, 29),
    "r6i.xlarge": InstanceShape(4, 32, 58),
    "m6g.large": InstanceShape(2, 8, 29, "arm64"),
    "m6g.xlarge": InstanceShape(4, 16, 58, "arm64"),
    "m7g.large": InstanceShape(2, 8, 29, "arm64"),
    "m7g.xlarge": InstanceShape(4, 16, 58, "arm64"),
}

PREFIX_DELEGATION_MAX_PODS = 110
PREFIX_DELEGATION_VCPU_LIMIT = 30


def max_pods(instance_type: str, prefix_delegation: bool) -> int:
    shape = SHAPES[instance_type]
    if prefix_delegation and shape.vcpu < PREFIX_DELEGATION_VCPU_LIMIT:
        return PREFIX_DELEGATION_MAX_PODS
    return shape.max_pods


def reserved_millicores(vcpu: int) -> int:
    """kube-reserved CPU on EKS AMIs: 6% of core 1, 1% of core 2, 0.5% of cores 3-4, 0.25% above.

    Source: the EKS AMI bootstrap (awslabs/amazon-eks-ami, nodeadm `kubelet` config).
    """
    reserved = 0.0
    for core in range(1, vcpu + 1):
        reserved += 60 if core == 1 else 10 if core == 2 else 5 if core <= 4 else 2.5
    return int(reserved + 0.5)


def reserved_mebibytes(pods: int) -> int:
    """kube-reserved memory on EKS AMIs (11 MiB per pod + 255 MiB) plus the 100 MiB eviction."""
    return 11 * pods + 255 + 100
