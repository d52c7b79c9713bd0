"""Costs of things the templates cause but do not contain.

Karpenter launches nodes at run time (no CloudFormation resource), EKS creates its control-plane
log group itself, and internet egress is billed per GB wherever it leaves. These lines are
marked `(runtime)` and are only added when the templates hold the EKS cluster they belong to.
"""

from __future__ import annotations

from chariot.plan.capacity import CapacityPlan
from chariot.plan.cost.billing import (
    FREE_INTERNET_OUT_GB,
    after_free,
    log_storage_gb,
    monthly_hours,
)
from chariot.plan.cost.model import CostLine, Pricer, UsageKey
from chariot.plan.cost.resources.edge_traffic import GB_OUT
from chariot.plan.cost.usage import Usage
from chariot.spec.model import PlatformSpec

RUNTIME = "(runtime)"
INTERNET_OUT = UsageKey(
    "data_transfer",
    "internet_gb_out",
    "GB/month",
    0,
    "egress to the internet not served by CloudFront (NAT, load balancers)",
)
CONTROL_PLANE_LOGS = UsageKey(
    "eks", "control_plane_log_gb", "GB/month", 10, "EKS control-plane logs (api, audit, ...)"
)
CROSS_AZ = UsageKey(
    "data_transfer",
    "cross_az_gb",
    "GB/month",
    0,
    "bytes crossing Availability Zones inside the VPC",
    "edge.gb_out x (zones-1)/zones",
)
KEYS = (INTERNET_OUT, CONTROL_PLANE_LOGS, CROSS_AZ)


def node_lines(
    spec: PlatformSpec, capacity: CapacityPlan, pricer: Pricer, covered: set[str]
) -> list[CostLine]:
    """Nodes of the pools no node group in the templates implements (Karpenter NodePools)."""
    lines: list[CostLine] = []
    for pool in spec.cluster.node_pools:
        planned = capacity.pool(pool.name)
        if pool.name in covered or planned is None:
            continue
        nodes = planned.nodes_at_target
        spot = pool.capacity_type == "SPOT"
        multiplier = 1 - pricer.catalog["ec2.spot.discount"].usd if spot else 1.0
        why = f"capacity plan: {nodes} nodes at target load ({spec.cluster.node_autoscaler})"
        resource = f"node pool {pool.name}"
        lines.append(
            pricer.line(
                "EC2 Nodes",
                resource,
                rtype=RUNTIME,
                description=f"{nodes} x {planned.instance_type} {'spot' if spot else 'on-demand'}",
                quantity=monthly_hours(nodes),
                price_id=f"ec2.instance.{planned.instance_type}",
                assumptions=[why],
                multiplier=multiplier,
                pool=pool.name,
                model="spot" if spot else None,
            )
        )
        lines.append(
            pricer.line(
                "EBS Volumes",
                resource,
                rtype=RUNTIME,
                description=f"{nodes} x {pool.disk_size_gib} GiB gp3 root disk",
                quantity=nodes * pool.disk_size_gib,
                price_id="ebs.gp3.storage",
                assumptions=[why],
                pool=pool.name,
            )
        )
    return lines


def cluster_lines(spec: PlatformSpec, usage: Usage, pricer: Pricer) -> list[CostLine]:
    """The control-plane log group EKS creates when cluster logging is on."""
    if not spec.cluster.logging:
        return []
    gb, why = usage.get(CONTROL_PLANE_LOGS)
    resource = f"/aws/eks/{spec.cluster.name}/cluster"
    return [
        pricer.line(
            "CloudWatch Logs",
            resource,
            rtype=RUNTIME,
            description="EKS control-plane logs: ingestion",
            quantity=gb,
            price_id="logs.ingest",
            assumptions=[why],
        ),
        pricer.line(
            "CloudWatch Logs",
            resource,
            rtype=RUNTIME,
            description="EKS control-plane logs: storage (created without expiry)",
            quantity=log_storage_gb(gb, None),
            price_id="logs.storage",
            assumptions=[why],
        ),
    ]


def transfer_lines(usage: Usage, pricer: Pricer, azs: int = 1) -> list[CostLine]:
    """Internet egress, and traffic between the cluster's zones: a response served to a client
    leaves its pod for the ingress gateway / load balancer in another zone with probability
    (azs-1)/azs, and AWS bills it out of one zone and into the other."""
    gb, why = usage.get(INTERNET_OUT)
    served, why_served = usage.get(GB_OUT)
    share = (azs - 1) / azs
    cross, why_cross = usage.get(
        CROSS_AZ,
        derived=(round(served * share, 3), f"{why_served} x {azs - 1}/{azs} crossing a zone"),
    )
    lines = [
        pricer.line(
            "Data Transfer",
            "internet egress",
            rtype=RUNTIME,
            description=f"data transfer out to the internet ({gb:g} GB, first "
            f"{FREE_INTERNET_OUT_GB:g} free)",
            quantity=after_free(gb, FREE_INTERNET_OUT_GB),
            price_id="transfer.internet_out.gb",
            assumptions=[why, "the account's free 100 GB a month applied to this environment"],
        )
    ]
    if azs > 1:
        lines.append(
            pricer.line(
                "Data Transfer",
                "cross-AZ traffic",
                rtype=RUNTIME,
                description=f"between Availability Zones ({cross:g} GB, billed out and in)",
                quantity=cross * 2,
                price_id="transfer.cross_az.gb",
                assumptions=[why_cross, "mesh calls between services not counted"],
            )
        )
    return lines
