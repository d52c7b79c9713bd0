"""What a node holds for pods, and how many nodes pods need: EKS's reservation, the mesh
sidecar's requests and first-fit packing. Shared by the capacity plan (chariot.plan.capacity)
and the DR region's standby sizing (chariot.spec.dr_region).

The shapes themselves (vCPU, memory, ENIs, max pods) are `chariot.spec.instance_types`, shared
with Karpenter's NodePools and the spec's rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from chariot.spec.footprints import Pod
from chariot.spec.instance_types import SHAPES

# Istio's default sidecar requests (values.global.proxy.resources.requests).
SIDECAR_MILLICORES = 100
SIDECAR_MEBIBYTES = 128


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


def allocatable(
    instance_type: str, pods_per_node: int, daemonsets: Sequence[Pod]
) -> tuple[int, int]:
    """CPU (m) and memory (Mi) a node of `instance_type` has left for pods after EKS's
    reservation and the DaemonSets' requests."""
    shape = SHAPES[instance_type]
    cpu = (
        shape.vcpu * 1000 - reserved_millicores(shape.vcpu) - sum(d.millicores for d in daemonsets)
    )
    memory = (
        int(shape.memory_gib * 1024)
        - reserved_mebibytes(pods_per_node)
        - sum(d.mebibytes for d in daemonsets)
    )
    return cpu, memory


def pack(pods: list[tuple[int, int]], node_cpu: int, node_mem: int) -> int:
    """Nodes needed for `pods` (cpu m, memory Mi) by first-fit decreasing; 0 for no pods."""
    free: list[list[int]] = []
    for cpu, memory in sorted(pods, reverse=True):
        if cpu > node_cpu or memory > node_mem:
            raise ValueError(
                f"a pod of {cpu}m/{memory}Mi does not fit a node ({node_cpu}m/{node_mem}Mi)"
            )
        for node in free:
            if node[0] >= cpu and node[1] >= memory:
                node[0] -= cpu
                node[1] -= memory
                break
        else:
            free.append([node_cpu - cpu, node_mem - memory])
    return len(free)
