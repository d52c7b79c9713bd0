"""What bin-packing needs to know of an instance type beyond its shape: what EKS reserves.

The shapes themselves (vCPU, memory, ENIs, max pods) are `chariot.spec.instance_types`, shared
with Karpenter's NodePools and the spec's rules.
"""

from __future__ import annotations


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
