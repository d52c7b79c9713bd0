"""One ENIConfig per zone for VPC CNI custom networking, built as data.

With `AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true` and
`ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone` the CNI gives a node's pods addresses from
the subnet of the ENIConfig named after the node's zone, with the ENIConfig's security groups.
A node that joins before its ENIConfig exists gets no pod networking, so the cluster stack
applies these before any node group
(https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network-tutorial.html).
The CRD (`eniconfigs.crd.k8s.amazonaws.com`) comes with the vpc-cni add-on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

API_VERSION = "crd.k8s.amazonaws.com/v1alpha1"


def eni_configs(
    zones: Sequence[str], subnet_ids: Sequence[str], security_group_ids: Sequence[str]
) -> list[dict[str, Any]]:
    """ENIConfigs named by zone; pods use the cluster security group like the nodes do."""
    return [
        {
            "apiVersion": API_VERSION,
            "kind": "ENIConfig",
            "metadata": {"name": zone},
            "spec": {"subnet": subnet, "securityGroups": list(security_group_ids)},
        }
        for zone, subnet in zip(zones, subnet_ids, strict=True)
    ]
