"""The EC2 instance types node pools may use, and what each layer needs to know of them: vCPUs
and memory (the capacity plan bin-packs on them, Karpenter caps a NodePool in vCPUs), pods per
node (the kubelet's ceiling, with or without VPC CNI prefix delegation), the Graviton family of
the same shape (Karpenter's `graviton` option), and the kubelet's reservations.

vCPU and memory from the EC2 instance-type pages (https://aws.amazon.com/ec2/instance-types/);
max pods per node from the EKS max-pods calculator (ENIs x (IPs per ENI - 1) + 2), and with
prefix delegation 110 under 30 vCPUs and 250 from there on, as EKS recommends
(https://docs.aws.amazon.com/eks/latest/userguide/choosing-instance-type.html). Read 2026-11-26.
Add a row to support another instance type; the instance-types-known spec rule refuses a type
without one.
"""

from __future__ import annotations

from dataclasses import dataclass

from chariot.spec.model import NodePool, PlatformSpec


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
    "m6i.8xlarge": InstanceShape(32, 128, 234),
    "m7i.large": InstanceShape(2, 8, 29),
    "m7i.xlarge": InstanceShape(4, 16, 58),
    "c6i.large": InstanceShape(2, 4, 29),
    "c6i.xlarge": InstanceShape(4, 8, 58),
    "r6i.large": InstanceShape(2, 16, 29),
    "r6i.xlarge": InstanceShape(4, 32, 58),
    "m6g.large": InstanceShape(2, 8, 29, "arm64"),
    "m6g.xlarge": InstanceShape(4, 16, 58, "arm64"),
    "m6g.2xlarge": InstanceShape(8, 32, 58, "arm64"),
    "m7g.large": InstanceShape(2, 8, 29, "arm64"),
    "m7g.xlarge": InstanceShape(4, 16, 58, "arm64"),
    "m7g.2xlarge": InstanceShape(8, 32, 58, "arm64"),
    "m7g.8xlarge": InstanceShape(32, 128, 234, "arm64"),
    "c7g.large": InstanceShape(2, 4, 29, "arm64"),
    "c7g.xlarge": InstanceShape(4, 8, 58, "arm64"),
    "r7g.large": InstanceShape(2, 16, 29, "arm64"),
    "r7g.xlarge": InstanceShape(4, 32, 58, "arm64"),
    "t4g.medium": InstanceShape(2, 4, 17, "arm64"),
    "t4g.large": InstanceShape(2, 8, 35, "arm64"),
    "t4g.xlarge": InstanceShape(4, 16, 58, "arm64"),
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


def prefix_delegation(spec: PlatformSpec) -> bool:
    """Whether the spec's vpc-cni hands out /28 prefixes (ENABLE_PREFIX_DELEGATION)."""
    for addon in spec.cluster.addons:
        if addon.name == "vpc-cni":
            env = addon.configuration.get("env", {})
            return str(env.get("ENABLE_PREFIX_DELEGATION", "false")).lower() == "true"
    return False


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
