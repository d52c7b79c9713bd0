"""How many IP addresses one zone's subnets must hold when the spec runs at its maximum.

Counted per zone, with every node the spec allows in that one zone: neither Karpenter nor a
zone outage keeps nodes spread, so a subnet must hold the whole cluster's worst case.

Node subnets (`subnets.private`) carry each node's primary address and, without custom
networking, every address the VPC CNI attaches for pods; they also carry the interface
endpoints, the internal NLB, the HTTP API's VPC link, CloudFront VPC origin ENIs, the
kubectl Lambda's Hyperplane ENIs, EKS's control-plane ENIs and one address per Fargate pod.
With custom networking (`subnets.pods`) the pods' addresses and the branch ENIs of security
groups for pods come from the pod subnets instead
(https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network.html,
https://aws.amazon.com/blogs/containers/leveraging-cni-custom-networking-alongside-security-groups-for-pods-in-amazon-eks/).

Per node, the VPC CNI holds: with prefix delegation, enough /28 prefixes (16 addresses each)
for the node's max pods plus one warm prefix (WARM_PREFIX_TARGET=1); without it, every address
of every ENI it attaches (WARM_ENI_TARGET=1 keeps a whole spare ENI)
(https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html).
AWS keeps 5 addresses of every subnet
(https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html).
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass, field

from chariot.spec.instance_types import SHAPES, max_pods
from chariot.spec.model import NodePool, PlatformSpec
from chariot.spec.vpc_cni import vpc_cni

AWS_RESERVED = 5
PREFIX = 16
WARM_PREFIXES = 1
# EKS places up to 4 cross-account ENIs for the control plane in the cluster's subnets
# (https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html).
EKS_CONTROL_PLANE_ENIS = 4
# The kubectl provider's handler and its provider framework run in the private subnets; Lambda
# shares one Hyperplane ENI per subnet and security-group set (two sets, to be safe).
LAMBDA_ENIS = 2
KARPENTER_CONTROLLERS = 2  # replicas on Fargate (infra/addons/karpenter.py)


@dataclass(frozen=True)
class Need:
    what: str
    addresses: int


@dataclass
class SubnetBudget:
    """One zone's subnet of a kind ('node' or 'pod'): what it holds and what it must hold."""

    kind: str
    cidr: str
    needs: list[Need] = field(default_factory=list)

    @property
    def capacity(self) -> int:
        return ipaddress.IPv4Network(self.cidr).num_addresses - AWS_RESERVED

    @property
    def required(self) -> int:
        return sum(n.addresses for n in self.needs)

    def summary(self) -> str:
        parts = ", ".join(f"{n.what} {n.addresses}" for n in self.needs if n.addresses)
        return f"{self.required} addresses needed ({parts}), {self.capacity} usable in {self.cidr}"


class UnknownInstanceTypeError(ValueError):
    """An instance type the shape table does not know."""


def _shape(instance_type: str) -> tuple[int, int, int]:
    shape = SHAPES.get(instance_type)
    if shape is None:
        raise UnknownInstanceTypeError(
            f"{instance_type} has no ENI facts in chariot.spec.instance_types (add a row)"
        )
    return shape.vcpu, shape.enis, shape.ips_per_eni


def pool_nodes(spec: PlatformSpec, pool: NodePool) -> int:
    """The most nodes `pool` can run: its max size, or under Karpenter its CPU limit
    (max_size x the largest type's vCPUs) filled with the smallest type."""
    if spec.cluster.node_autoscaler == "karpenter" and pool.autoscaled:
        cpus = [_shape(t)[0] for t in pool.instance_types]
        return math.ceil(pool.max_size * max(cpus) / min(cpus))
    return pool.max_size


def _pod_addresses(instance_type: str, spec: PlatformSpec, custom: bool) -> int:
    """Addresses the VPC CNI holds for pods on one node of `instance_type`."""
    settings = vpc_cni(spec)
    _, enis, ips = _shape(instance_type)
    if settings.prefix_delegation:
        return (math.ceil(max_pods(instance_type, True) / PREFIX) + WARM_PREFIXES) * PREFIX
    # Without custom networking the primary ENI's own address is the node's (counted apart).
    return (enis - 1) * ips if custom else enis * ips - 1


def _replicas(spec: PlatformSpec, names: list[str]) -> int:
    return sum(spec.tiers[spec.service(n).tier].replicas.max for n in names)


def budgets(spec: PlatformSpec) -> list[SubnetBudget]:
    """One budget per zone for the node subnet, and one for the pod subnet when there is one."""
    net = spec.network
    custom = bool(net.subnets.pods)
    nodes = [(p, pool_nodes(spec, p)) for p in spec.cluster.node_pools]
    node_count = sum(n for _, n in nodes)
    pod_addresses = sum(
        n * max(_pod_addresses(t, spec, custom) for t in p.instance_types) for p, n in nodes
    )
    branch = (
        _replicas(
            spec,
            [
                s
                for s in spec.security.pod_security_groups
                if any(x.name == s for x in spec.services)
            ],
        )
        if vpc_cni(spec).pod_eni
        else 0
    )
    fargate = _replicas(spec, [s.name for s in spec.services if s.compute == "fargate"])
    if spec.cluster.node_autoscaler == "karpenter":
        fargate += KARPENTER_CONTROLLERS
    fixed = [
        Need("interface endpoints", len(net.interface_endpoints)),
        Need("internal NLB", 1),
        Need("HTTP API VPC link", 1 if spec.edge.api_gateway == "http" else 0),
        Need("CloudFront VPC origin", 1 if spec.edge.api_gateway == "none" else 0),
        Need("Lambda ENIs", LAMBDA_ENIS),
        Need("EKS control plane ENIs", EKS_CONTROL_PLANE_ENIS),
        Need("Fargate pods", fargate),
    ]
    result: list[SubnetBudget] = []
    for index, cidr in enumerate(net.subnets.private):
        node = SubnetBudget("node", cidr, [Need(f"{node_count} nodes", node_count), *fixed])
        if custom and index < len(net.subnets.pods):
            pods = SubnetBudget("pod", net.subnets.pods[index])
            pods.needs += [Need("pod addresses", pod_addresses), Need("branch ENIs", branch)]
            result += [node, pods]
        else:
            node.needs += [Need("pod addresses", pod_addresses), Need("branch ENIs", branch)]
            result.append(node)
    return result
